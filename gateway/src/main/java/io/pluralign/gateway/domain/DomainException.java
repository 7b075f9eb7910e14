package io.pluralign.gateway.domain;

/** A request that breaks a rule of tenants and keys; its message is safe to show the client. */
public final class DomainException extends RuntimeException {
    /** Which rule was broken, in terms the web layer maps to a status. */
    public enum Kind {
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT
    }

    private final Kind kind;

    public DomainException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
