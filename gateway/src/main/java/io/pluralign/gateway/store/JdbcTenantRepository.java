package io.pluralign.gateway.store;

import io.pluralign.gateway.domain.Tenant;
import io.pluralign.gateway.domain.TenantRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants in the {@code gateway.tenants} table. */
@Repository
public class JdbcTenantRepository implements TenantRepository {
    private final JdbcClient jdbc;

    public JdbcTenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean insert(Tenant tenant) {
        return jdbc.sql("insert into tenants (id, name, created_at) values (:id, :name, :createdAt)"
                                + " on conflict (id) do nothing")
                        .param("id", tenant.id())
                        .param("name", tenant.name())
                        .param("createdAt", OffsetDateTime.ofInstant(tenant.createdAt(), ZoneOffset.UTC))
                        .update()
                == 1;
    }

    @Override
    public Optional<Tenant> find(String id) {
        return jdbc.sql("select id, name, created_at from tenants where id = :id and deleted_at is null")
                .param("id", id)
                .query(JdbcTenantRepository::tenant)
                .optional();
    }

    @Override
    public List<Tenant> findAll() {
        return jdbc.sql("select id, name, created_at from tenants where deleted_at is null order by id")
                .query(JdbcTenantRepository::tenant)
                .list();
    }

    @Override
    public boolean markDeleted(String id, Instant when) {
        return jdbc.sql("update tenants set deleted_at = :when where id = :id and deleted_at is null")
                        .param("id", id)
                        .param("when", OffsetDateTime.ofInstant(when, ZoneOffset.UTC))
                        .update()
                == 1;
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(
                rs.getString("id"),
                rs.getString("name"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
