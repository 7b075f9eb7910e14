package io.pluralign.gateway.web;

import io.pluralign.gateway.domain.ApiKeyAuthenticator;
import io.pluralign.gateway.domain.ApiKeyAuthenticator.Authenticated;
import io.pluralign.gateway.domain.ApiKeyAuthenticator.Rejected;
import io.pluralign.gateway.domain.ApiKeyAuthenticator.Result;
import io.pluralign.gateway.domain.ApiKeyToken;
import io.pluralign.gateway.domain.Caller;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Requires {@code Authorization: Bearer <API key>} on everything under {@code /v1}, leaves the {@link Caller} on the
 * exchange, and keeps app keys out of {@code /v1/admin}.
 */
@Component
public class ApiKeyAuthenticationWebFilter implements WebFilter, Ordered {
    public static final int ORDER = RequestContextWebFilter.ORDER + 10;

    private static final String BEARER = "Bearer ";

    private final ApiKeyAuthenticator authenticator;

    public ApiKeyAuthenticationWebFilter(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = Exchanges.matchedPath(exchange);
        if (!Exchanges.isApiPath(path)) {
            return chain.filter(exchange);
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            return Mono.error(ApiProblem.unauthorized(
                    "this endpoint needs an API key: send 'Authorization: Bearer pk_...'", false));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Mono.error(ApiProblem.unauthorized("the Authorization header must use the Bearer scheme", false));
        }
        Optional<ApiKeyToken> token =
                ApiKeyToken.parse(authorization.substring(BEARER.length()).strip());
        if (token.isEmpty()) {
            return Mono.error(ApiProblem.unauthorized("the API key is malformed: expected pk_<key id>_<secret>", true));
        }
        return authenticate(token.get()).flatMap(result -> {
            if (result instanceof Rejected rejected) {
                return Mono.error(ApiProblem.unauthorized(rejected.reason(), true));
            }
            Caller caller = ((Authenticated) result).caller();
            exchange.getAttributes().put(Exchanges.CALLER, caller);
            if (Exchanges.isAdminPath(path) && !caller.isAdmin()) {
                return Mono.error(ApiProblem.forbidden("the admin API needs an admin key"));
            }
            return chain.filter(exchange);
        });
    }

    private Mono<Result> authenticate(ApiKeyToken token) {
        // The answer in hand comes from memory; anything else may read PostgreSQL through blocking JDBC, so it never
        // runs on the event loop, even if the cache entry expired a moment ago.
        return authenticator
                .authenticateFromCache(token)
                .map(Mono::just)
                .orElseGet(() -> Blocking.call(() -> authenticator.authenticate(token)));
    }
}
