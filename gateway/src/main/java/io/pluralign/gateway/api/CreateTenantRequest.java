package io.pluralign.gateway.api;

import io.pluralign.gateway.domain.Tenant;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of {@code POST /v1/admin/tenants}. */
public record CreateTenantRequest(
        @NotNull
        @Pattern(
                regexp = Tenant.ID_PATTERN,
                message = "must be 2 to 63 lowercase letters, digits or dashes, starting with a letter or digit")
        String id,

        @NotBlank @Size(max = 200) String name) {}
