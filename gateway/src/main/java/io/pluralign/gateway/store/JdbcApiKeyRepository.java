package io.pluralign.gateway.store;

import io.pluralign.contracts.http.Role;
import io.pluralign.gateway.domain.ApiKey;
import io.pluralign.gateway.domain.ApiKeyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in the {@code gateway.api_keys} table. */
@Repository
public class JdbcApiKeyRepository implements ApiKeyRepository {
    private static final String COLUMNS =
            "id, tenant_id, role, name, secret_hash, created_at, revoked_at, requests_per_second";

    private final JdbcClient jdbc;

    public JdbcApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(ApiKey key) {
        return bind(
                                jdbc.sql("insert into api_keys (" + COLUMNS + ") values (:id, :tenantId, :role, :name,"
                                        + " :secretHash, :createdAt, :revokedAt, :requestsPerSecond)"
                                        + " on conflict (id) do nothing"),
                                key)
                        .update()
                == 1;
    }

    @Override
    public void insertOrUpdateSecret(ApiKey key) {
        bind(
                        jdbc.sql("insert into api_keys (" + COLUMNS
                                + ") values (:id, :tenantId, :role, :name, :secretHash,"
                                + " :createdAt, :revokedAt, :requestsPerSecond)"
                                + " on conflict (id) do update set secret_hash = excluded.secret_hash"
                                + " where api_keys.tenant_id = excluded.tenant_id and api_keys.role = excluded.role"
                                + " and api_keys.name = excluded.name"
                                + " and api_keys.secret_hash <> excluded.secret_hash"),
                        key)
                .update();
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where id = :id")
                .param("id", id)
                .query(JdbcApiKeyRepository::apiKey)
                .optional();
    }

    @Override
    public List<ApiKey> findByTenant(String tenantId) {
        return jdbc.sql("select " + COLUMNS + " from api_keys where tenant_id = :tenantId order by created_at, id")
                .param("tenantId", tenantId)
                .query(JdbcApiKeyRepository::apiKey)
                .list();
    }

    @Override
    public void revoke(String id, Instant when) {
        jdbc.sql("update api_keys set revoked_at = :when where id = :id and revoked_at is null")
                .param("id", id)
                .param("when", utc(when))
                .update();
    }

    @Override
    public List<String> revokeAllOf(String tenantId, Instant when) {
        return jdbc.sql("update api_keys set revoked_at = :when where tenant_id = :tenantId and revoked_at is null"
                        + " returning id")
                .param("tenantId", tenantId)
                .param("when", utc(when))
                .query(String.class)
                .list();
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, ApiKey key) {
        return statement
                .param("id", key.id())
                .param("tenantId", key.tenantId())
                .param("role", key.role().wire())
                .param("name", key.name())
                .param("secretHash", key.secretHash())
                .param("createdAt", utc(key.createdAt()))
                .param("revokedAt", utc(key.revokedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("requestsPerSecond", key.requestsPerSecond(), Types.DOUBLE);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static ApiKey apiKey(ResultSet rs, int row) throws SQLException {
        OffsetDateTime revokedAt = rs.getObject("revoked_at", OffsetDateTime.class);
        double rate = rs.getDouble("requests_per_second");
        Double requestsPerSecond = rs.wasNull() ? null : rate;
        return new ApiKey(
                rs.getString("id"),
                rs.getString("tenant_id"),
                Role.fromWire(rs.getString("role")),
                rs.getString("name"),
                rs.getString("secret_hash"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                revokedAt == null ? null : revokedAt.toInstant(),
                requestsPerSecond);
    }
}
