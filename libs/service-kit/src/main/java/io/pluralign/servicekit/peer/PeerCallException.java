package io.pluralign.servicekit.peer;

/** A call to another service failed: it was unreachable ({@code status} 0) or answered with an error status. */
public class PeerCallException extends RuntimeException {
    private final int status;

    public PeerCallException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** Whether trying again later may succeed (unreachable, overloaded or failing, as opposed to refused input). */
    public boolean isTransient() {
        return status == 0 || status == 429 || status >= 500;
    }
}
