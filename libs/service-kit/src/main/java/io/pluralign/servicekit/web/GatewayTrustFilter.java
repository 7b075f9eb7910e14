package io.pluralign.servicekit.web;

import io.pluralign.contracts.http.CallerAssertion;
import io.pluralign.contracts.http.GatewayHeaders;
import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.contracts.http.Role;
import java.time.Clock;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Accepts a request only when the gateway signed its caller headers; the verified {@link Caller} is then available
 * to controllers. The only exceptions are the operational endpoints (health, metrics, API description), matched on
 * the raw path and only in plain form, so that no encoding or path parameter can route an unsigned request to the
 * API. Anything else unsigned is a 401: a client that reaches a service directly gets nowhere.
 */
public final class GatewayTrustFilter implements WebFilter, Ordered {
    static final String CALLER_ATTRIBUTE = Caller.class.getName();

    private final GatewaySignature signature;
    private final Clock clock;

    public GatewayTrustFilter(GatewaySignature signature, Clock clock) {
        this.signature = signature;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        if (isOperational(path)) {
            return chain.filter(exchange);
        }
        Caller caller = verifiedCaller(exchange, path);
        if (caller == null) {
            return Problems.write(
                    exchange,
                    HttpStatus.UNAUTHORIZED,
                    "requests must come through the Pluralign gateway with an API key");
        }
        exchange.getAttributes().put(CALLER_ATTRIBUTE, caller);
        return chain.filter(exchange);
    }

    private Caller verifiedCaller(ServerWebExchange exchange, String path) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String tenant = headers.getFirst(GatewayHeaders.TENANT);
        String role = headers.getFirst(GatewayHeaders.ROLE);
        String keyId = headers.getFirst(GatewayHeaders.KEY_ID);
        String issuedAt = headers.getFirst(GatewayHeaders.ISSUED_AT);
        if (tenant == null || role == null || keyId == null || issuedAt == null) {
            return null;
        }
        try {
            CallerAssertion assertion = new CallerAssertion(
                    tenant,
                    Role.fromWire(role),
                    keyId,
                    Long.parseLong(issuedAt),
                    exchange.getRequest().getMethod().name(),
                    path);
            if (!signature.verify(assertion, headers.getFirst(GatewayHeaders.SIGNATURE), clock.instant())) {
                return null;
            }
            return new Caller(tenant, assertion.role(), keyId);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Health, metrics and the OpenAPI description: public on the service's port, never API data. */
    static boolean isOperational(String rawPath) {
        if (rawPath.contains("%") || rawPath.contains(";") || rawPath.contains("..") || rawPath.contains("//")) {
            return false;
        }
        return rawPath.startsWith("/actuator/")
                || rawPath.equals("/v3/api-docs")
                || rawPath.startsWith("/v3/api-docs/");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
