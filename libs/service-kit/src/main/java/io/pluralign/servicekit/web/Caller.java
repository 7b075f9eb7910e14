package io.pluralign.servicekit.web;

import io.pluralign.contracts.http.Role;
import java.util.Objects;

/**
 * The verified caller of a request: the tenant and role of the API key the gateway authenticated. Declare it as a
 * controller method parameter to receive it.
 */
public record Caller(String tenantId, Role role, String keyId) {
    public Caller {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(keyId, "keyId");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** How history and events name this caller, e.g. {@code key:3fa2c1d0e9b8}. */
    public String actor() {
        return "key:" + keyId;
    }
}
