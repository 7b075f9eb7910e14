package io.pluralign.contracts.http;

/**
 * The OpenAI API's error {@code type} for an HTTP status. Every problem+json of the platform (gateway and services)
 * also carries {@code {"error": {"message", "type", "param", "code"}}}, so OpenAI SDKs report it as their own.
 */
public final class OpenAiErrorTypes {
    private OpenAiErrorTypes() {}

    public static String forStatus(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409, 412, 428 -> "conflict_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
