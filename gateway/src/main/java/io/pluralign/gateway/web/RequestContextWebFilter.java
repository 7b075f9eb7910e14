package io.pluralign.gateway.web;

import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.RequestIdFormat;
import io.pluralign.gateway.domain.Caller;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerRequest;
import reactor.util.context.Context;

/**
 * The outermost filter. It gives every request an id (the client's {@code X-Request-Id} when well-formed) and
 * returns it ({@link CallerHeadersFilter} forwards it), removes any {@code X-Pluralign-*} header a client sent,
 * renders errors from everything inside it as problems, and writes one access log line per request.
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
        // Mutating a request copies all its headers, so it happens only when a client did send caller headers;
        // CallerHeadersFilter sets the request id, and strips caller headers again, on what is forwarded.
        ServerWebExchange checked = hasCallerHeaders(exchange.getRequest())
                ? exchange.mutate()
                        .request(request -> request.headers(RequestContextWebFilter::stripCallerHeaders))
                        .build()
                : exchange;
        return chain.filter(checked)
                .onErrorResume(error -> problems.handle(checked, error))
                .doFinally(signal -> logAccess(checked, requestId, started, signal))
                .contextWrite(Context.of(RequestIdMdc.KEY, requestId));
    }

    /** True when a header name starts with {@code X-Pluralign-}, in any case. */
    static boolean isCallerHeader(CharSequence name) {
        if (name.length() < CALLER_HEADER_PREFIX.length()) {
            return false;
        }
        for (int i = 0; i < CALLER_HEADER_PREFIX.length(); i++) {
            if (Character.toLowerCase(name.charAt(i)) != CALLER_HEADER_PREFIX.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the request carries an {@code X-Pluralign-*} header. This runs on every request, so it reads the
     * header list of Reactor Netty's request where there is one: Spring's {@link HttpHeaders} views copy every header
     * name (twice, for a Netty request) before they can be iterated. The request seen here is the one the server
     * received, as this is the outermost filter.
     */
    static boolean hasCallerHeaders(ServerHttpRequest request) {
        if (nativeRequest(request) instanceof HttpServerRequest netty) {
            return hasCallerHeaders(netty.requestHeaders());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
            if (isCallerHeader(header.getKey())) {
                return true;
            }
        }
        return false;
    }

    static boolean hasCallerHeaders(io.netty.handler.codec.http.HttpHeaders headers) {
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            if (isCallerHeader(entries.next().getKey())) {
                return true;
            }
        }
        return false;
    }

    private static Object nativeRequest(ServerHttpRequest request) {
        try {
            return ServerHttpRequestDecorator.getNativeRequest(request);
        } catch (IllegalArgumentException | IllegalStateException none) {
            return null; // not a server's request, e.g. a mock one in a test
        }
    }

    /** Removes every {@code X-Pluralign-*} header: only the gateway may assert who the caller is. */
    static void stripCallerHeaders(HttpHeaders headers) {
        List<String> forged = null;
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            if (isCallerHeader(header.getKey())) {
                if (forged == null) {
                    forged = new ArrayList<>();
                }
                forged.add(header.getKey());
            }
        }
        if (forged != null) {
            forged.forEach(headers::remove);
        }
    }

    private static void logAccess(ServerWebExchange exchange, String requestId, long started, SignalType signal) {
        long millis = (System.nanoTime() - started) / 1_000_000;
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        String outcome =
                signal == SignalType.CANCEL ? "cancelled" : status == null ? "200" : String.valueOf(status.value());
        Caller caller = Exchanges.caller(exchange).orElse(null);
        try (RequestIdMdc.Scope ignored = RequestIdMdc.scope(requestId)) {
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
