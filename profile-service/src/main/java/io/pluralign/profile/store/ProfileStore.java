package io.pluralign.profile.store;

import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.ProfileBody;
import io.pluralign.profile.domain.UserKey;
import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Current profiles in the {@code profile} schema. Callers hold the transaction. */
@Repository
public class ProfileStore {
    private final JdbcClient jdbc;
    private final JsonMapper json;

    public ProfileStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Profile> find(UserKey user) {
        return jdbc.sql(
                        "SELECT version, body, updated_at, updated_by FROM profiles WHERE tenant_id = ? AND user_id = ?")
                .params(user.tenantId(), user.userId())
                .query((rs, row) -> new Profile(
                        user,
                        rs.getLong("version"),
                        json.readValue(rs.getString("body"), ProfileBody.class),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getString("updated_by")))
                .optional();
    }

    /** The current version, row-locked until the transaction ends; empty when the user has no profile. */
    public Optional<Long> lockVersion(UserKey user) {
        return jdbc.sql("SELECT version FROM profiles WHERE tenant_id = ? AND user_id = ? FOR UPDATE")
                .params(user.tenantId(), user.userId())
                .query(Long.class)
                .optional();
    }

    /** Inserts a first version; false when another writer created the profile first. */
    public boolean insert(Profile profile) {
        return jdbc.sql("""
                INSERT INTO profiles (tenant_id, user_id, version, body, updated_at, updated_by)
                VALUES (?, ?, ?, CAST(? AS JSONB), ?, ?)
                ON CONFLICT (tenant_id, user_id) DO NOTHING
                """)
                        .params(
                                profile.user().tenantId(),
                                profile.user().userId(),
                                profile.version(),
                                json.writeValueAsString(profile.body()),
                                Timestamp.from(profile.updatedAt()),
                                profile.updatedBy())
                        .update()
                == 1;
    }

    public void update(Profile profile) {
        jdbc.sql("""
                UPDATE profiles SET version = ?, body = CAST(? AS JSONB), updated_at = ?, updated_by = ?
                WHERE tenant_id = ? AND user_id = ?
                """)
                .params(
                        profile.version(),
                        json.writeValueAsString(profile.body()),
                        Timestamp.from(profile.updatedAt()),
                        profile.updatedBy(),
                        profile.user().tenantId(),
                        profile.user().userId())
                .update();
    }

    public void delete(UserKey user) {
        jdbc.sql("DELETE FROM profiles WHERE tenant_id = ? AND user_id = ?")
                .params(user.tenantId(), user.userId())
                .update();
    }
}
