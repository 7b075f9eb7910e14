package io.pluralign.gateway.web;

import io.pluralign.gateway.domain.RateLimiter;
import io.pluralign.gateway.domain.TokenBucket;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Counts every authenticated request against its key's token bucket. Every answer says the bucket size
 * ({@code X-RateLimit-Limit}) and the requests left in it ({@code X-RateLimit-Remaining}); a refused request gets 429
 * with {@code Retry-After}.
 */
@Component
public class RateLimitWebFilter implements WebFilter, Ordered {
    public static final String LIMIT = "X-RateLimit-Limit";
    public static final String REMAINING = "X-RateLimit-Remaining";

    private final RateLimiter limiter;

    public RateLimitWebFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public int getOrder() {
        return ApiKeyAuthenticationWebFilter.ORDER + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return Exchanges.caller(exchange)
                .map(caller -> {
                    TokenBucket.Decision decision = limiter.tryAcquire(caller);
                    HttpHeaders headers = exchange.getResponse().getHeaders();
                    headers.set(LIMIT, Integer.toString(decision.limit()));
                    headers.set(REMAINING, Integer.toString(decision.remaining()));
                    if (decision.allowed()) {
                        return chain.filter(exchange);
                    }
                    HttpHeaders retry = new HttpHeaders();
                    retry.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
                    return Mono.<Void>error(new ApiProblem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "this API key's rate limit is exceeded; retry after " + decision.retryAfterSeconds() + " s",
                            retry));
                })
                .orElseGet(() -> chain.filter(exchange));
    }
}
