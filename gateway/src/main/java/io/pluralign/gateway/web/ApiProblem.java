package io.pluralign.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error answer the gateway decides on itself, rendered as {@code application/problem+json} by
 * {@link ProblemResponder}. The status says what kind of problem it is (the problem type is {@code about:blank}, as in
 * the services); the detail is shown to the client.
 */
public final class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final HttpHeaders headers;

    public ApiProblem(HttpStatus status, String detail, HttpHeaders headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
    }

    public ApiProblem(HttpStatus status, String detail) {
        this(status, detail, new HttpHeaders());
    }

    /** 401 with the {@code WWW-Authenticate} challenge RFC 6750 asks for. */
    public static ApiProblem unauthorized(String detail, boolean keyPresented) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(
                HttpHeaders.WWW_AUTHENTICATE,
                keyPresented ? "Bearer realm=\"pluralign\", error=\"invalid_token\"" : "Bearer realm=\"pluralign\"");
        return new ApiProblem(HttpStatus.UNAUTHORIZED, detail, headers);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
