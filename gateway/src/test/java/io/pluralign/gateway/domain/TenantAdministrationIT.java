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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What revoking and issuing keys does to this gateway's in-memory state, over a real PostgreSQL. */
@RealInfrastructure
class TenantAdministrationIT {
    private static final Caller ROOT_ADMIN = new Caller("platform", Role.ADMIN, "000000000000", null);

    private final AtomicLong nanos = new AtomicLong();
    private ApiKeyAuthenticator authenticator;
    private RateLimiter rateLimiter;
    private TenantAdministration administration;

    @BeforeEach
    void schema(TestInfrastructure infrastructure) {
        JdbcClient jdbc = GatewaySchema.migrate(infrastructure.database());
        jdbc.sql("delete from api_keys").update();
        jdbc.sql("delete from tenants").update();
        JdbcTenantRepository tenants = new JdbcTenantRepository(jdbc);
        tenants.insert(new Tenant("platform", "Platform", Instant.now()));
        JdbcApiKeyRepository keys = new JdbcApiKeyRepository(jdbc);
        authenticator = new ApiKeyAuthenticator(keys, Duration.ofMinutes(5), nanos::get);
        rateLimiter = new RateLimiter(50, 100, nanos::get);
        administration = new TenantAdministration(
                tenants, keys, authenticator, rateLimiter, "platform", Clock.systemUTC(), new SecureRandom());
    }

    @Test
    void revokingAKeyRejectsItAtOnceAndDropsItsRateLimitBucket() {
        ApiKeyToken token =
                administration.issueKey(ROOT_ADMIN, null, Role.APP, "app", null).token();
        Caller caller = ((Authenticated) authenticator.authenticate(token)).caller();
        rateLimiter.tryAcquire(caller);
        assertThat(rateLimiter.trackedKeys()).isEqualTo(1);

        administration.revokeKey(ROOT_ADMIN, token.keyId());

        assertThat(authenticator.authenticateFromCache(token)).isEmpty();
        assertThat(authenticator.authenticate(token)).isEqualTo(new Rejected("the API key has been revoked"));
        assertThat(rateLimiter.trackedKeys()).isZero();
    }
}
