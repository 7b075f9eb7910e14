package io.pluralign.steering.api;

import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.OpenAiErrors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Problems in the OpenAI API's terms: the offending parameter and an error code where OpenAI has one. */
final class OpenAiProblems {
    private OpenAiProblems() {}

    static ApiException invalid(String param, String message) {
        return withParam(ApiException.badRequest(message), param, null);
    }

    static ApiException invalid(String param, String code, String message) {
        return withParam(ApiException.badRequest(message), param, code);
    }

    /** Too many requests right now: 429 with Retry-After, as OpenAI's rate limits answer. */
    static ApiException busy(String message) {
        ApiException e = new ApiException(HttpStatus.TOO_MANY_REQUESTS, message);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return e;
    }

    /** The service is shutting down or not ready: 503 with Retry-After. */
    static ApiException unavailable(String message) {
        ApiException e = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, message);
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return e;
    }

    private static ApiException withParam(ApiException e, String param, String code) {
        if (param != null) {
            e.getBody().setProperty(OpenAiErrors.PARAM, param);
        }
        if (code != null) {
            e.getBody().setProperty(OpenAiErrors.CODE, code);
        }
        return e;
    }
}
