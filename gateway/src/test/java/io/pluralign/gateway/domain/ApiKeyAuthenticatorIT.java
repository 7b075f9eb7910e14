package io.pluralign.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.http.Role;
import io.pluralign.gateway.domain.ApiKeyAuthenticator.Authenticated;
import io.pluralign.gateway.domain.ApiKeyAuthenticator.Rejected;
import io.pluralign.gateway.store.GatewaySchema;
import io.pluralign.gateway.store.JdbcApiKeyRepository;
import io.pluralign.gateway.store.JdbcTenantRepository;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Key verification and its cache, over keys stored in a real PostgreSQL. */
@RealInfrastructure
class ApiKeyAuthenticatorIT {
    private static final Duration TTL = Duration.ofSeconds(30);

    private final AtomicLong nanos = new AtomicLong();
    private JdbcApiKeyRepository keys;
    private ApiKeyAuthenticator authenticator;

    @BeforeEach
    void schema(TestInfrastructure infrastructure) {
        JdbcClient jdbc = GatewaySchema.migrate(infrastructure.database());
        jdbc.sql("delete from api_keys").update();
        jdbc.sql("delete from tenants").update();
        new JdbcTenantRepository(jdbc).insert(new Tenant("acme", "Acme", Instant.now()));
        keys = new JdbcApiKeyRepository(jdbc);
        authenticator = new ApiKeyAuthenticator(keys, TTL, nanos::get);
    }

    @Test
    void acceptsTheRightSecretOnly() {
        ApiKeyToken token = store(Role.APP);

        assertThat(authenticator.authenticate(token))
                .isEqualTo(new Authenticated(new Caller("acme", Role.APP, token.keyId(), null)));
        ApiKeyToken wrongSecret = new ApiKeyToken(token.keyId(), "not-the-secret-at-all");
        assertThat(authenticator.authenticate(wrongSecret)).isInstanceOf(Rejected.class);
        ApiKeyToken unknown = ApiKeyToken.generate(new SecureRandom());
        assertThat(authenticator.authenticate(unknown)).isInstanceOf(Rejected.class);
    }

    @Test
    void cachesAVerifiedKeyForTheTtl() {
        ApiKeyToken token = store(Role.ADMIN);
        assertThat(authenticator.authenticateFromCache(token)).isEmpty();
        authenticator.authenticate(token);
        assertThat(authenticator.authenticateFromCache(token)).containsInstanceOf(Authenticated.class);

        // Revoked behind the cache's back (as by another gateway instance): still valid until the TTL runs out.
        keys.revoke(token.keyId(), Instant.now());
        assertThat(authenticator.authenticate(token)).isInstanceOf(Authenticated.class);

        nanos.addAndGet(TTL.toNanos());
        assertThat(authenticator.authenticateFromCache(token)).isEmpty();
        assertThat(authenticator.authenticate(token)).isEqualTo(new Rejected("the API key has been revoked"));
    }

    @Test
    void aWrongSecretForACachedKeyIsRejectedFromMemory() {
        ApiKeyToken token = store(Role.APP);
        authenticator.authenticate(token);

        assertThat(authenticator.authenticateFromCache(new ApiKeyToken(token.keyId(), "not-the-secret-at-all")))
                .contains(new Rejected("the API key is not valid"));
    }

    @Test
    void evictingMakesARevocationVisibleAtOnce() {
        ApiKeyToken token = store(Role.APP);
        authenticator.authenticate(token);
        keys.revoke(token.keyId(), Instant.now());

        authenticator.evict(token.keyId());

        assertThat(authenticator.authenticate(token)).isInstanceOf(Rejected.class);
    }

    @Test
    void unknownKeyIdsAreRememberedForTheTtlSoRepeatsSkipTheDatabase() {
        ApiKeyToken token = ApiKeyToken.generate(new SecureRandom());
        assertThat(authenticator.authenticateFromCache(token)).isEmpty();

        assertThat(authenticator.authenticate(token)).isEqualTo(new Rejected("the API key is not valid"));
        assertThat(authenticator.authenticateFromCache(token)).contains(new Rejected("the API key is not valid"));

        // Stored behind the cache's back: the remembered "unknown" holds until the TTL runs out...
        insert(token, Role.APP);
        assertThat(authenticator.authenticate(token)).isInstanceOf(Rejected.class);
        nanos.addAndGet(TTL.toNanos());
        assertThat(authenticator.authenticateFromCache(token)).isEmpty();
        assertThat(authenticator.authenticate(token)).isInstanceOf(Authenticated.class);
    }

    @Test
    void evictingForgetsThatAnIdWasUnknown() {
        ApiKeyToken token = ApiKeyToken.generate(new SecureRandom());
        authenticator.authenticate(token);
        insert(token, Role.APP);

        authenticator.evict(token.keyId());

        assertThat(authenticator.authenticate(token)).isInstanceOf(Authenticated.class);
    }

    @Test
    void rememberedUnknownIdsAreBounded() {
        ApiKeyAuthenticator bounded = new ApiKeyAuthenticator(keys, TTL, nanos::get, 3);
        SecureRandom random = new SecureRandom();
        ApiKeyToken last = null;
        for (int i = 0; i < 50; i++) {
            last = ApiKeyToken.generate(random);
            bounded.authenticate(last);
            assertThat(bounded.unknownIdsRemembered()).isLessThanOrEqualTo(3);
        }
        assertThat(bounded.authenticateFromCache(last)).as("the newest is kept").isPresent();
    }

    private ApiKeyToken store(Role role) {
        ApiKeyToken token = ApiKeyToken.generate(new SecureRandom());
        insert(token, role);
        return token;
    }

    private void insert(ApiKeyToken token, Role role) {
        keys.insert(new ApiKey(token.keyId(), "acme", role, "test", token.secretHash(), Instant.now(), null, null));
    }
}
