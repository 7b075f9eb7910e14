package io.pluralign.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error answer the gateway decides on itself, rendered as {@code application/problem+json} by
 * {@link ProblemResponder}. Its detail is shown to the client.
 */
public final class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String type;
    private final HttpHeaders headers;

    public ApiProblem(HttpStatus status, String type, String detail, HttpHeaders headers) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
    }

    public ApiProblem(HttpStatus status, String type, String detail) {
        this(status, type, detail, new HttpHeaders());
    }

    /** 401 with the {@code WWW-Authenticate} challenge RFC 6750 asks for. */
    public static ApiProblem unauthorized(String detail, boolean keyPresented) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(
                HttpHeaders.WWW_AUTHENTICATE,
                keyPresented ? "Bearer realm=\"pluralign\", error=\"invalid_token\"" : "Bearer realm=\"pluralign\"");
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", detail, headers);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", detail);
    }

    public HttpStatus status() {
        return status;
    }

    /** The last segment of the problem type URI, e.g. {@code unauthorized}. */
    public String type() {
        return type;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
