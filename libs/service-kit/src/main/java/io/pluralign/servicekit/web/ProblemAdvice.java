package io.pluralign.servicekit.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Every error a controller raises becomes RFC 9457 problem+json that names what was wrong (for invalid input: each
 * field) and carries the request id. Unexpected errors are logged with their stack trace and answered without it.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (FieldError error : ex.getFieldErrors()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("field", error.getField());
            entry.put("message", error.getDefaultMessage());
            errors.add(entry);
        }
        ex.getGlobalErrors()
                .forEach(error -> errors.add(
                        Map.of("field", error.getObjectName(), "message", String.valueOf(error.getDefaultMessage()))));
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        InvalidInput.describe(problem, errors);
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
        problem.setTitle("Invalid request");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, exchange);
    }

    @ExceptionHandler(Exception.class)
    public Mono<ResponseEntity<Object>> handleUnexpected(Exception ex, ServerWebExchange exchange) {
        logger.error("unexpected error on " + exchange.getRequest().getPath(), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "internal error; quote the request id when reporting it");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, exchange);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.getBody();
        }
        if (body instanceof ProblemDetail problem) {
            Problems.decorate(problem, exchange);
        }
        return super.handleExceptionInternal(ex, body, headers, status, exchange);
    }

    /** Names the offending JSON field when the body was malformed or had a wrong type. */
    private static String describe(ServerWebInputException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntax) {
                return "malformed JSON body: " + firstClause(syntax.getOriginalMessage());
            }
            if (cause instanceof JacksonException json) {
                String path = json.getPath().stream()
                        .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                        .orElse("");
                return path.isEmpty()
                        ? "invalid JSON body: " + firstClause(json.getOriginalMessage())
                        : "field '" + path + "' is invalid: " + firstClause(json.getOriginalMessage());
            }
        }
        return ex.getReason() != null ? ex.getReason() : "invalid request";
    }

    /** Jackson messages append parser locations after the first parenthesis; users need only the clause. */
    private static String firstClause(String message) {
        int cut = message.indexOf(" (");
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
