package io.pluralign.servicekit.web;

import io.pluralign.contracts.http.GatewayHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

/**
 * Gives every request an id, returns it in {@code X-Request-Id}, puts it into the request's log lines, and logs one
 * access line per API request.
 */
public final class RequestIdFilter implements WebFilter, Ordered {
    private static final Logger access = LoggerFactory.getLogger("io.pluralign.access");

    static {
        RequestIds.registerMdcPropagation();
        Hooks.enableAutomaticContextPropagation();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id =
                RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(GatewayHeaders.REQUEST_ID));
        exchange.getAttributes().put(RequestIds.CONTEXT_KEY, id);
        exchange.getResponse().getHeaders().set(GatewayHeaders.REQUEST_ID, id);
        long start = System.nanoTime();
        return chain.filter(exchange)
                .doFinally(signal -> logAccess(exchange, start))
                .contextWrite(context -> context.put(RequestIds.CONTEXT_KEY, id));
    }

    private static void logAccess(ServerWebExchange exchange, long startNanos) {
        String path = exchange.getRequest().getPath().value();
        if (!path.startsWith("/v1/")) {
            return;
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        Caller caller = exchange.getAttribute(GatewayTrustFilter.CALLER_ATTRIBUTE);
        access.info(
                "{} {} -> {} in {} ms tenant={} key={}",
                exchange.getRequest().getMethod(),
                path,
                status == null ? 200 : status.value(),
                (System.nanoTime() - startNanos) / 1_000_000,
                caller == null ? "-" : caller.tenantId(),
                caller == null ? "-" : caller.keyId());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
