package io.pluralign.infra;

/** The platform could not start; the message says what failed and what to do about it. */
public class LaunchException extends RuntimeException {
    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
