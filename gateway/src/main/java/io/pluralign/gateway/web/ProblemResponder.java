package io.pluralign.gateway.web;

import io.pluralign.contracts.http.OpenAiErrorTypes;
import io.pluralign.gateway.domain.DomainException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every error into an RFC 9457 {@code application/problem+json} answer carrying the request id: the gateway's
 * own refusals, bad admin requests, unknown paths, and downstream services that are down (503), broken (502) or slow
 * (504). Stack traces only go to the log.
 */
@Component
@Order(-2) // before Spring Boot's own error handler (-1)
public class ProblemResponder implements WebExceptionHandler {
    /**
     * RFC 9457: a problem with no semantics beyond its status code has this type, and the status's reason phrase as
     * its title. The services answer the same way.
     */
    public static final String TYPE = "about:blank";

    private static final Logger log = LoggerFactory.getLogger(ProblemResponder.class);

    private final JsonMapper json;

    public ProblemResponder(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        ApiProblem problem;
        // What this logs names the request, whichever thread the error arrived on.
        try (RequestIdMdc.Scope ignored = RequestIdMdc.scope(Exchanges.requestId(exchange))) {
            if (response.isCommitted()) {
                // Part of the answer (e.g. a stream of tokens) is out already: all we can do is cut it short.
                log.warn("error after the response started: {}", error.toString());
                return Mono.error(error);
            }
            problem = toProblem(exchange, error);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE);
        body.put("title", problem.status().getReasonPhrase());
        body.put("status", problem.status().value());
        body.put("detail", problem.getMessage());
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("requestId", Exchanges.requestId(exchange));
        // OpenAI SDKs read errors from this object
        Map<String, Object> openAi = new LinkedHashMap<>();
        openAi.put("message", problem.getMessage());
        openAi.put("type", OpenAiErrorTypes.forStatus(problem.status().value()));
        openAi.put("param", null);
        openAi.put("code", null);
        body.put("error", openAi);
        byte[] bytes = json.writeValueAsBytes(body);

        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(bytes.length);
        problem.headers().forEach(headers::put);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    ApiProblem toProblem(ServerWebExchange exchange, Throwable error) {
        if (error instanceof ApiProblem problem) {
            return problem;
        }
        if (error instanceof DomainException domain) {
            return switch (domain.kind()) {
                case FORBIDDEN -> ApiProblem.forbidden(domain.getMessage());
                case NOT_FOUND -> new ApiProblem(HttpStatus.NOT_FOUND, domain.getMessage());
                case CONFLICT -> new ApiProblem(HttpStatus.CONFLICT, domain.getMessage());
            };
        }
        if (error instanceof WebExchangeBindException invalid) {
            return new ApiProblem(HttpStatus.BAD_REQUEST, describe(invalid));
        }
        if (error instanceof ServerWebInputException) {
            return new ApiProblem(
                    HttpStatus.BAD_REQUEST, "the request could not be read: check the JSON body and the parameters");
        }
        String service = downstreamService(exchange);
        if (service != null) {
            ApiProblem downstream = downstreamProblem(service, error);
            if (downstream != null) {
                log.warn("{} service failed: {}", service, error.toString());
                return downstream;
            }
        }
        if (error instanceof ResponseStatusException statusError) {
            return fromStatus(exchange, statusError);
        }
        log.error("unexpected error", error);
        return new ApiProblem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; quote the request id when reporting it");
    }

    private static ApiProblem downstreamProblem(String service, Throwable error) {
        if (has(error, ConnectException.class)
                || has(error, UnknownHostException.class)
                || has(error, NoRouteToHostException.class)) {
            return new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE, "the " + service + " service is not reachable; try again later");
        }
        boolean gatewayTimeout = error instanceof ResponseStatusException statusError
                && statusError.getStatusCode().value() == HttpStatus.GATEWAY_TIMEOUT.value();
        if (gatewayTimeout || has(error, TimeoutException.class)) {
            return new ApiProblem(HttpStatus.GATEWAY_TIMEOUT, "the " + service + " service did not answer in time");
        }
        if (has(error, IOException.class)) {
            return new ApiProblem(
                    HttpStatus.BAD_GATEWAY, "the " + service + " service broke off the exchange; try again later");
        }
        return null;
    }

    private static ApiProblem fromStatus(ServerWebExchange exchange, ResponseStatusException error) {
        HttpStatusCode code = error.getStatusCode();
        HttpStatus status = HttpStatus.resolve(code.value());
        if (status == null) {
            status = code.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        return switch (status) {
            case NOT_FOUND -> new ApiProblem(status, "there is no endpoint " + method + " " + path);
            case METHOD_NOT_ALLOWED -> {
                HttpHeaders headers = new HttpHeaders();
                if (error instanceof MethodNotAllowedException notAllowed) {
                    headers.setAllow(notAllowed.getSupportedMethods());
                }
                yield new ApiProblem(status, method + " is not supported on " + path, headers);
            }
            default -> {
                if (status.is5xxServerError()) {
                    log.error("server error", error);
                }
                String detail = status.is4xxClientError() && error.getReason() != null
                        ? error.getReason()
                        : status.getReasonPhrase();
                yield new ApiProblem(status, detail);
            }
        };
    }

    private static String describe(WebExchangeBindException invalid) {
        String fields = invalid.getFieldErrors().stream()
                .map(ProblemResponder::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return fields.isEmpty() ? "the request body is not valid" : fields;
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }

    private static String downstreamService(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null) {
            return null;
        }
        Object service = route.getMetadata().get(Exchanges.ROUTE_SERVICE);
        if (service != null) {
            return service.toString();
        }
        URI uri = route.getUri();
        return uri == null ? route.getId() : uri.getHost();
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
