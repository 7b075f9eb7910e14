package io.pluralign.gateway.api;

import io.pluralign.gateway.domain.Tenant;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /v1/admin/keys}.
 *
 * @param tenantId the tenant the key acts for; the caller's own when absent
 * @param role {@code app} or {@code admin}
 * @param name what the key is for, e.g. {@code mobile-app}
 * @param requestsPerSecond the key's own rate limit (root admins only); the gateway's default when absent
 */
public record CreateKeyRequest(
        @Pattern(regexp = Tenant.ID_PATTERN, message = "must be a tenant id")
        String tenantId,

        @NotNull @Pattern(regexp = "app|admin", message = "must be app or admin")
        String role,

        @NotBlank @Size(max = 200) String name,
        @Positive @DecimalMax("100000") Double requestsPerSecond) {}
