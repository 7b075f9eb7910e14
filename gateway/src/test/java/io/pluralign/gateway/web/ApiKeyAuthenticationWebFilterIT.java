package io.pluralign.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.http.Role;
import io.pluralign.gateway.domain.ApiKey;
import io.pluralign.gateway.domain.ApiKeyAuthenticator;
import io.pluralign.gateway.domain.ApiKeyRepository;
import io.pluralign.gateway.domain.ApiKeyToken;
import io.pluralign.gateway.domain.Tenant;
import io.pluralign.gateway.store.GatewaySchema;
import io.pluralign.gateway.store.JdbcApiKeyRepository;
import io.pluralign.gateway.store.JdbcTenantRepository;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** Where the filter reads keys from PostgreSQL: never on the thread that calls it (in production, the event loop). */
@RealInfrastructure
class ApiKeyAuthenticationWebFilterIT {
    private static final Duration TTL = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong tick = new AtomicLong();
    private final List<String> lookupThreads = new CopyOnWriteArrayList<>();
    private JdbcApiKeyRepository stored;
    private ApiKeyAuthenticationWebFilter filter;

    @BeforeEach
    void schema(TestInfrastructure infrastructure) {
        JdbcClient jdbc = GatewaySchema.migrate(infrastructure.database());
        jdbc.sql("delete from api_keys").update();
        jdbc.sql("delete from tenants").update();
        new JdbcTenantRepository(jdbc).insert(new Tenant("acme", "Acme", Instant.now()));
        stored = new JdbcApiKeyRepository(jdbc);
        ApiKeyRepository watched = new ThreadRecordingKeys(stored, lookupThreads);
        // Every reading of the clock moves it on by `tick`, so that a cache entry can expire between two readings.
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(watched, TTL, () -> nanos.getAndAdd(tick.get()));
        filter = new ApiKeyAuthenticationWebFilter(authenticator);
    }

    @Test
    void aKeyWhoseCacheEntryExpiresDuringTheRequestIsStillReadOffTheCallingThread() {
        ApiKeyToken token = store();
        assertThat(run(token)).isNull();
        assertThat(lookupThreads).hasSize(1);

        // The next reading of the clock is one tick before expiry, every later one past it.
        tick.set(1);
        nanos.set(TTL.toNanos() - 1);
        assertThat(run(token)).isNull();
        nanos.set(TTL.toNanos() * 2);
        assertThat(run(token)).isNull();

        assertThat(lookupThreads)
                .isNotEmpty()
                .allSatisfy(thread -> assertThat(thread).startsWith("boundedElastic"));
    }

    @Test
    void anUnknownKeyIdCostsOneQueryPerTtl() {
        ApiKeyToken invented = ApiKeyToken.generate(new SecureRandom());

        for (int i = 0; i < 5; i++) {
            assertThat(run(invented)).isInstanceOf(ApiProblem.class);
        }
        assertThat(lookupThreads).hasSize(1);

        nanos.addAndGet(TTL.toNanos());
        assertThat(run(invented)).isInstanceOf(ApiProblem.class);
        assertThat(lookupThreads)
                .hasSize(2)
                .allSatisfy(thread -> assertThat(thread).startsWith("boundedElastic"));
    }

    /** Runs the filter on this thread; the error it ends with, or null when it let the request through. */
    private Throwable run(ApiKeyToken token) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/models")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token.wireForm()));
        return filter.filter(exchange, passed -> Mono.empty())
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(10));
    }

    private ApiKeyToken store() {
        ApiKeyToken token = ApiKeyToken.generate(new SecureRandom());
        stored.insert(
                new ApiKey(token.keyId(), "acme", Role.APP, "test", token.secretHash(), Instant.now(), null, null));
        return token;
    }

    /** The real repository, noting the thread of every lookup. */
    private record ThreadRecordingKeys(ApiKeyRepository delegate, List<String> threads) implements ApiKeyRepository {
        @Override
        public Optional<ApiKey> find(String id) {
            threads.add(Thread.currentThread().getName());
            return delegate.find(id);
        }

        @Override
        public boolean insert(ApiKey key) {
            return delegate.insert(key);
        }

        @Override
        public void insertOrUpdateSecret(ApiKey key) {
            delegate.insertOrUpdateSecret(key);
        }

        @Override
        public List<ApiKey> findByTenant(String tenantId) {
            return delegate.findByTenant(tenantId);
        }

        @Override
        public void revoke(String id, Instant when) {
            delegate.revoke(id, when);
        }

        @Override
        public List<String> revokeAllOf(String tenantId, Instant when) {
            return delegate.revokeAllOf(tenantId, when);
        }
    }
}
