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
        return jdbc.sql("SELECT version, body, updated_at, updated_by FROM profiles"
                        + " WHERE tenant_id = ? AND user_id = ? AND deleted_at IS NULL")
                .params(user.tenantId(), user.userId())
                .query((rs, row) -> new Profile(
                        user,
                        rs.getLong("version"),
                        json.readValue(rs.getString("body"), ProfileBody.class),
                        rs.getTimestamp("updated_at").toInstant(),
                        rs.getString("updated_by")))
                .optional();
    }

    /** The latest version of a user's profile and whether that version is an erasure. */
    public record VersionState(long version, boolean erased) {}

    /**
     * The latest version, row-locked until the transaction ends; empty when the user never had a profile.
     */
    public Optional<VersionState> lockVersion(UserKey user) {
        return jdbc.sql("SELECT version, deleted_at IS NOT NULL AS erased FROM profiles"
                        + " WHERE tenant_id = ? AND user_id = ? FOR UPDATE")
                .params(user.tenantId(), user.userId())
                .query((rs, row) -> new VersionState(rs.getLong("version"), rs.getBoolean("erased")))
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
                UPDATE profiles
                SET version = ?, body = CAST(? AS JSONB), updated_at = ?, updated_by = ?, deleted_at = NULL
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

    /** Erases the profile's content, keeping only the key and the version counter. */
    public void erase(UserKey user, long version, java.time.Instant at, String actor) {
        jdbc.sql("""
                UPDATE profiles SET version = ?, body = NULL, deleted_at = ?, updated_at = ?, updated_by = ?
                WHERE tenant_id = ? AND user_id = ?
                """)
                .params(version, Timestamp.from(at), Timestamp.from(at), actor, user.tenantId(), user.userId())
                .update();
    }
}
