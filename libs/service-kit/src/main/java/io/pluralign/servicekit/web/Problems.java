package io.pluralign.servicekit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Builds and writes RFC 9457 problem details where no controller advice reaches (web filters). */
public final class Problems {
    private Problems() {}

    /** Adds what every problem of this platform carries: the request path and id. */
    public static ProblemDetail decorate(ProblemDetail problem, ServerWebExchange exchange) {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        }
        String requestId = RequestIds.of(exchange);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        OpenAiErrors.add(problem);
        return problem;
    }

    /** Writes a problem response directly, for filters that reject a request before any controller runs. */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        ProblemDetail problem = decorate(ProblemDetail.forStatusAndDetail(status, detail), exchange);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String json = "{\"type\":\"about:blank\",\"title\":" + quote(problem.getTitle()) + ",\"status\":"
                + status.value() + ",\"detail\":" + quote(detail) + ",\"instance\":"
                + quote(String.valueOf(problem.getInstance())) + ",\"requestId\":"
                + quote(String.valueOf(RequestIds.of(exchange))) + ",\"error\":{\"message\":" + quote(detail)
                + ",\"type\":" + quote(OpenAiErrors.type(status.value())) + ",\"param\":null,\"code\":null}}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(json.getBytes(StandardCharsets.UTF_8))));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
