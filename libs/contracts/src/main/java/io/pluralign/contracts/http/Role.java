package io.pluralign.contracts.http;

import java.util.Locale;

/** What an API key may do: {@code app} keys serve end users, {@code admin} keys also manage the tenant. */
public enum Role {
    APP,
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String value) {
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "', expected app or admin");
    }
}
