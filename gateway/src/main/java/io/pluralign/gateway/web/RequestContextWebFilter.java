package io.pluralign.gateway.web;

import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.RequestIdFormat;
import io.pluralign.gateway.domain.Caller;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;

/**
 * The outermost filter. It gives every request an id (the client's {@code X-Request-Id} when well-formed), forwards
 * it and returns it, removes any {@code X-Pluralign-*} header a client sent, renders errors from everything inside it
 * as problems, and writes one access log line per request.
 */
@Component
public class RequestContextWebFilter implements WebFilter, Ordered {
    /** Runs first, so that even refusals by later filters carry the request id and get logged. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    private static final Logger access = LoggerFactory.getLogger("io.pluralign.gateway.access");
    private static final String CALLER_HEADER_PREFIX = "x-pluralign-";

    private final ProblemResponder problems;

    public RequestContextWebFilter(ProblemResponder problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long started = System.nanoTime();
        String requestId = RequestIdFormat.acceptOrGenerate(
                exchange.getRequest().getHeaders().getFirst(GatewayHeaders.REQUEST_ID));
        exchange.getAttributes().put(Exchanges.REQUEST_ID, requestId);
        exchange.getResponse().beforeCommit(() -> {
            exchange.getResponse().getHeaders().set(GatewayHeaders.REQUEST_ID, requestId);
            return Mono.empty();
        });
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    stripCallerHeaders(headers);
                    headers.set(GatewayHeaders.REQUEST_ID, requestId);
                })
                .build();
        ServerWebExchange forwarded = exchange.mutate().request(request).build();
        return chain.filter(forwarded)
                .onErrorResume(error -> problems.handle(forwarded, error))
                .doFinally(signal -> logAccess(forwarded, requestId, started, signal))
                .contextWrite(Context.of(RequestIdMdc.KEY, requestId));
    }

    /** Removes every {@code X-Pluralign-*} header: only the gateway may assert who the caller is. */
    static void stripCallerHeaders(HttpHeaders headers) {
        List<String> forged = headers.headerNames().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(CALLER_HEADER_PREFIX))
                .toList();
        forged.forEach(headers::remove);
        GatewayHeaders.CALLER.forEach(headers::remove);
    }

    private static void logAccess(ServerWebExchange exchange, String requestId, long started, SignalType signal) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        String outcome =
                signal == SignalType.CANCEL ? "cancelled" : status == null ? "200" : String.valueOf(status.value());
        Caller caller = Exchanges.caller(exchange).orElse(null);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestIdMdc.KEY, requestId)) {
            access.info(
                    "{} {} {} {}ms tenant={} key={} requestId={}",
                    exchange.getRequest().getMethod().name(),
                    exchange.getRequest().getPath().value(),
                    outcome,
                    millis,
                    caller == null ? "-" : caller.tenantId(),
                    caller == null ? "-" : caller.keyId(),
                    requestId);
        }
    }
}
