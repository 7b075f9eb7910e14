package io.pluralign.servicekit.web;

import io.pluralign.contracts.http.GatewayHeaders;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Gives every request an id, returns it in {@code X-Request-Id}, and puts it into the request's log lines. */
public final class RequestIdFilter implements WebFilter, Ordered {

    static {
        RequestIds.registerMdcPropagation();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String id =
                RequestIds.acceptOrGenerate(exchange.getRequest().getHeaders().getFirst(GatewayHeaders.REQUEST_ID));
        exchange.getAttributes().put(RequestIds.CONTEXT_KEY, id);
        exchange.getResponse().getHeaders().set(GatewayHeaders.REQUEST_ID, id);
        return chain.filter(exchange).contextWrite(context -> context.put(RequestIds.CONTEXT_KEY, id));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
