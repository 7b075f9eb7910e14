package io.pluralign.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What revoking and issuing keys and deleting tenants do to this gateway's state, over a real PostgreSQL. */
@RealInfrastructure
class TenantAdministrationIT {
    private static final Caller ROOT_ADMIN = new Caller("platform", Role.ADMIN, "000000000000", null);

    private final AtomicLong nanos = new AtomicLong();
    private ApiKeyAuthenticator authenticator;
    private RateLimiter rateLimiter;
    private TenantAdministration administration;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void schema(TestInfrastructure infrastructure) {
        DataSource dataSource = GatewaySchema.dataSource(infrastructure.database());
        JdbcClient jdbc = GatewaySchema.migrate(dataSource);
        jdbc.sql("delete from api_keys").update();
        jdbc.sql("delete from tenants").update();
        JdbcTenantRepository tenants = new JdbcTenantRepository(jdbc);
        tenants.insert(new Tenant("platform", "Platform", Instant.now()));
        JdbcApiKeyRepository keys = new JdbcApiKeyRepository(jdbc);
        authenticator = new ApiKeyAuthenticator(keys, Duration.ofMinutes(5), nanos::get);
        rateLimiter = new RateLimiter(50, 100, nanos::get);
        TransactionTemplate tx = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        administration = new TenantAdministration(
                tenants,
                keys,
                (tenant, by) -> {
                    events.add(tenant + " by " + by);
                    if (tenant.startsWith("doomed")) {
                        throw new IllegalStateException("the outbox is away");
                    }
                },
                work -> tx.executeWithoutResult(status -> work.run()),
                authenticator,
                rateLimiter,
                "platform",
                Clock.systemUTC(),
                new SecureRandom());
    }

    @Test
    void deletingATenantRevokesEveryKeyAtOnceAndRecordsOneEvent() {
        administration.createTenant(ROOT_ADMIN, "leaving", "Leaving");
        ApiKeyToken app = administration
                .issueKey(ROOT_ADMIN, "leaving", Role.APP, "app", null)
                .token();
        ApiKeyToken admin = administration
                .issueKey(ROOT_ADMIN, "leaving", Role.ADMIN, "admin", null)
                .token();
        Caller caller = ((Authenticated) authenticator.authenticate(app)).caller();
        rateLimiter.tryAcquire(caller);

        administration.deleteTenant(ROOT_ADMIN, "leaving");

        assertThat(authenticator.authenticateFromCache(app)).isEmpty();
        assertThat(authenticator.authenticate(app)).isEqualTo(new Rejected("the API key has been revoked"));
        assertThat(authenticator.authenticate(admin)).isEqualTo(new Rejected("the API key has been revoked"));
        assertThat(rateLimiter.trackedKeys()).isZero();
        assertThat(events).containsExactly("leaving by key:000000000000");
        assertThatThrownBy(() -> administration.deleteTenant(ROOT_ADMIN, "leaving"))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("does not exist");
        assertThat(events).hasSize(1);
    }

    @Test
    void aDeletionWhoseEventCannotBeRecordedChangesNothing() {
        administration.createTenant(ROOT_ADMIN, "doomed", "Doomed");
        ApiKeyToken app = administration
                .issueKey(ROOT_ADMIN, "doomed", Role.APP, "app", null)
                .token();

        assertThatThrownBy(() -> administration.deleteTenant(ROOT_ADMIN, "doomed"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(authenticator.authenticate(app)).isInstanceOf(Authenticated.class);
        assertThat(administration.listTenants(ROOT_ADMIN))
                .extracting(Tenant::id)
                .contains("doomed");
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
