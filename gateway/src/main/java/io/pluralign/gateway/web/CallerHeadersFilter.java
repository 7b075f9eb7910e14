package io.pluralign.gateway.web;

import io.pluralign.contracts.http.CallerAssertion;
import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.gateway.domain.Caller;
import java.net.URI;
import java.time.Clock;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Tells the service who is calling: sets the tenant, role, key id and issue time of the authenticated caller on the
 * forwarded request and signs them, together with the method and the path exactly as forwarded (without the query),
 * so that a service can trust them. The API key itself is not forwarded. Requests without a caller (the public OpenAPI
 * routes) carry no caller headers. Every forwarded request carries the request id {@link RequestContextWebFilter}
 * chose. This is the one place the forwarded request's headers are copied and changed.
 */
@Component
public class CallerHeadersFilter implements GlobalFilter, Ordered {
    private final GatewaySignature signature;
    private final Clock clock;

    public CallerHeadersFilter(GatewaySignature signature, Clock clock) {
        this.signature = signature;
        this.clock = clock;
    }

    /** Right after the downstream URL is final, so the signed path is the forwarded one. */
    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Caller caller = Exchanges.caller(exchange).orElse(null);
        String requestId = Exchanges.requestId(exchange);
        URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        String path = target != null
                ? target.getRawPath()
                : exchange.getRequest().getURI().getRawPath();
        ServerHttpRequest request = exchange.getRequest()
                .mutate()
                .headers(headers -> {
                    RequestContextWebFilter.stripCallerHeaders(headers);
                    if (requestId.isEmpty()) {
                        headers.remove(GatewayHeaders.REQUEST_ID);
                    } else {
                        headers.set(GatewayHeaders.REQUEST_ID, requestId);
                    }
                    if (caller != null) {
                        // The API key was for the gateway; services get the signed assertion instead.
                        headers.remove(HttpHeaders.AUTHORIZATION);
                        long issuedAt = clock.instant().getEpochSecond();
                        String method = exchange.getRequest().getMethod().name();
                        CallerAssertion assertion = new CallerAssertion(
                                caller.tenantId(), caller.role(), caller.keyId(), issuedAt, method, path);
                        headers.set(GatewayHeaders.TENANT, caller.tenantId());
                        headers.set(GatewayHeaders.ROLE, caller.role().wire());
                        headers.set(GatewayHeaders.KEY_ID, caller.keyId());
                        headers.set(GatewayHeaders.ISSUED_AT, Long.toString(issuedAt));
                        headers.set(GatewayHeaders.SIGNATURE, signature.sign(assertion));
                    }
                })
                .build();
        return chain.filter(exchange.mutate().request(request).build());
    }
}
