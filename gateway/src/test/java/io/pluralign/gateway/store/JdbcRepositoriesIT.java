package io.pluralign.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.contracts.http.Role;
import io.pluralign.gateway.domain.ApiKey;
import io.pluralign.gateway.domain.Tenant;
import io.pluralign.testsupport.RealInfrastructure;
import io.pluralign.testsupport.TestInfrastructure;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The JDBC repositories against the real migrated schema in PostgreSQL. */
@RealInfrastructure
class JdbcRepositoriesIT {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456Z");

    private JdbcClient jdbc;
    private JdbcTenantRepository tenants;
    private JdbcApiKeyRepository keys;

    @BeforeEach
    void schema(TestInfrastructure infrastructure) {
        jdbc = GatewaySchema.migrate(infrastructure.database());
        jdbc.sql("delete from api_keys").update();
        jdbc.sql("delete from tenants").update();
        tenants = new JdbcTenantRepository(jdbc);
        keys = new JdbcApiKeyRepository(jdbc);
    }

    @Test
    void tenantIdsAreUniqueAndListedInOrder() {
        assertThat(tenants.insert(new Tenant("zeta", "Zeta", T0))).isTrue();
        assertThat(tenants.insert(new Tenant("acme", "Acme", T0))).isTrue();
        assertThat(tenants.insert(new Tenant("acme", "Acme again", T0))).isFalse();

        assertThat(tenants.find("acme")).contains(new Tenant("acme", "Acme", T0));
        assertThat(tenants.find("nobody")).isEmpty();
        assertThat(tenants.findAll()).extracting(Tenant::id).containsExactly("acme", "zeta");
    }

    @Test
    void keysRoundTripWithAndWithoutTheirOwnRate() {
        tenants.insert(new Tenant("acme", "Acme", T0));
        ApiKey plain = key("0123456789ab", "acme", null);
        ApiKey limited =
                new ApiKey("ba9876543210", "acme", Role.APP, "slow", "b".repeat(64), T0.plusSeconds(1), null, 2.5);

        assertThat(keys.insert(plain)).isTrue();
        assertThat(keys.insert(limited)).isTrue();
        assertThat(keys.insert(key("0123456789ab", "acme", null))).isFalse();

        assertThat(keys.find("0123456789ab")).contains(plain);
        assertThat(keys.find("ba9876543210")).contains(limited);
        assertThat(keys.findByTenant("acme")).containsExactly(plain, limited);
        assertThat(keys.findByTenant("other")).isEmpty();
    }

    @Test
    void revokingIsRecordedOnce() {
        tenants.insert(new Tenant("acme", "Acme", T0));
        keys.insert(key("0123456789ab", "acme", null));

        Instant first = T0.plus(1, ChronoUnit.HOURS);
        keys.revoke("0123456789ab", first);
        keys.revoke("0123456789ab", first.plus(1, ChronoUnit.HOURS));
        assertThat(keys.find("0123456789ab").orElseThrow().revokedAt()).isEqualTo(first);
    }

    @Test
    void insertOrUpdateSecretInsertsThenOnlyChangesTheSecretOfTheSameKey() {
        tenants.insert(new Tenant("acme", "Acme", T0));
        ApiKey bootstrap = new ApiKey("0123456789ab", "acme", Role.ADMIN, "bootstrap", "c".repeat(64), T0, null, null);

        keys.insertOrUpdateSecret(bootstrap);
        assertThat(keys.find("0123456789ab")).contains(bootstrap);

        ApiKey newSecret = new ApiKey(
                "0123456789ab", "acme", Role.ADMIN, "bootstrap", "d".repeat(64), T0.plusSeconds(60), null, null);
        keys.insertOrUpdateSecret(newSecret);
        assertThat(keys.find("0123456789ab"))
                .contains(new ApiKey("0123456789ab", "acme", Role.ADMIN, "bootstrap", "d".repeat(64), T0, null, null));
    }

    @Test
    void insertOrUpdateSecretNeverUndoesARevocation() {
        tenants.insert(new Tenant("acme", "Acme", T0));
        ApiKey bootstrap = new ApiKey("0123456789ab", "acme", Role.ADMIN, "bootstrap", "c".repeat(64), T0, null, null);
        keys.insertOrUpdateSecret(bootstrap);
        Instant revoked = T0.plus(1, ChronoUnit.HOURS);
        keys.revoke("0123456789ab", revoked);

        keys.insertOrUpdateSecret(bootstrap);
        keys.insertOrUpdateSecret(
                new ApiKey("0123456789ab", "acme", Role.ADMIN, "bootstrap", "d".repeat(64), T0, null, null));

        ApiKey stored = keys.find("0123456789ab").orElseThrow();
        assertThat(stored.revokedAt()).isEqualTo(revoked);
        assertThat(stored.secretHash()).isEqualTo("d".repeat(64));
    }

    @Test
    void insertOrUpdateSecretLeavesAnotherKeyWithTheSameIdAlone() {
        tenants.insert(new Tenant("acme", "Acme", T0));
        ApiKey appKey = new ApiKey("0123456789ab", "acme", Role.APP, "mobile", "a".repeat(64), T0, null, null);
        keys.insert(appKey);

        keys.insertOrUpdateSecret(
                new ApiKey("0123456789ab", "acme", Role.ADMIN, "bootstrap", "d".repeat(64), T0, null, null));

        assertThat(keys.find("0123456789ab")).contains(appKey);
    }

    @Test
    void aKeyNeedsAnExistingTenant() {
        assertThatThrownBy(() -> keys.insert(key("0123456789ab", "nobody", null)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private static ApiKey key(String id, String tenant, Double rate) {
        return new ApiKey(id, tenant, Role.ADMIN, "ops", "a".repeat(64), T0, null, rate);
    }
}
