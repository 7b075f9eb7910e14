package io.pluralign.profile.store;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.UserKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Current profiles and every version of them, in the {@code profile} schema. Callers hold the transaction. */
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
                .query((rs, row) -> profile(user, rs, "updated_at", "updated_by"))
                .optional();
    }

    /** The latest version of a user's profile, whether that version is an erasure, and its body (null if erased). */
    public record VersionState(long version, boolean erased, ProfileDocument body) {}

    /** The latest version, row-locked until the transaction ends; empty when the user never had a profile. */
    public Optional<VersionState> lockVersion(UserKey user) {
        return jdbc.sql("SELECT version, deleted_at IS NOT NULL AS erased, body FROM profiles"
                        + " WHERE tenant_id = ? AND user_id = ? FOR UPDATE")
                .params(user.tenantId(), user.userId())
                .query((rs, row) -> new VersionState(
                        rs.getLong("version"), rs.getBoolean("erased"), document(rs.getString("body"))))
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

    /** Records {@code profile} in the history, with what kind of change made it ({@code put}, {@code patch}, ...). */
    public void addVersion(Profile profile, String change) {
        jdbc.sql("""
                INSERT INTO profile_versions (tenant_id, user_id, version, body, changed_at, changed_by, change)
                VALUES (?, ?, ?, CAST(? AS JSONB), ?, ?, ?)
                """)
                .params(
                        profile.user().tenantId(),
                        profile.user().userId(),
                        profile.version(),
                        json.writeValueAsString(profile.body()),
                        Timestamp.from(profile.updatedAt()),
                        profile.updatedBy(),
                        change)
                .update();
    }

    /** A version in the history. */
    public record Version(Profile profile, String change) {}

    /** Every recorded version of the user's current profile, oldest first. */
    public List<Version> history(UserKey user) {
        return history(user, 0);
    }

    /** The recorded versions of the user's current profile from {@code fromVersion} on, oldest first. */
    public List<Version> history(UserKey user, long fromVersion) {
        return jdbc.sql("SELECT version, body, changed_at, changed_by, change FROM profile_versions"
                        + " WHERE tenant_id = ? AND user_id = ? AND version >= ? ORDER BY version")
                .params(user.tenantId(), user.userId(), fromVersion)
                .query((rs, row) -> new Version(profile(user, rs, "changed_at", "changed_by"), rs.getString("change")))
                .list();
    }

    /** What made each recorded version after {@code version} (the {@code change} of each, oldest first). */
    public List<String> changesAfter(UserKey user, long version) {
        return jdbc.sql("SELECT change FROM profile_versions WHERE tenant_id = ? AND user_id = ? AND version > ?"
                        + " ORDER BY version")
                .params(user.tenantId(), user.userId(), version)
                .query(String.class)
                .list();
    }

    public Optional<Profile> version(UserKey user, long version) {
        return jdbc.sql("SELECT version, body, changed_at, changed_by FROM profile_versions"
                        + " WHERE tenant_id = ? AND user_id = ? AND version = ?")
                .params(user.tenantId(), user.userId(), version)
                .query((rs, row) -> profile(user, rs, "changed_at", "changed_by"))
                .optional();
    }

    /** Erases the profile's content and its history, keeping only the key and the version counter. */
    public void erase(UserKey user, long version, Instant at, String actor) {
        jdbc.sql("""
                UPDATE profiles SET version = ?, body = NULL, deleted_at = ?, updated_at = ?, updated_by = ?
                WHERE tenant_id = ? AND user_id = ?
                """)
                .params(version, Timestamp.from(at), Timestamp.from(at), actor, user.tenantId(), user.userId())
                .update();
        jdbc.sql("DELETE FROM profile_versions WHERE tenant_id = ? AND user_id = ?")
                .params(user.tenantId(), user.userId())
                .update();
    }

    /** Records that event {@code eventId} was consumed; false when it already was (a redelivery). */
    public boolean markConsumed(String eventId, String topic, String outcome) {
        return jdbc.sql("INSERT INTO consumed_events (event_id, topic, outcome) VALUES (?, ?, ?)"
                                + " ON CONFLICT (event_id) DO NOTHING")
                        .params(eventId, topic, outcome)
                        .update()
                == 1;
    }

    /** A trait that must lie in [min, max]. */
    public record TraitRange(String trait, double min, double max) {}

    /** One page of a tenant's live profiles, and how many match in all. */
    public record Page(long total, List<Profile> profiles) {}

    /**
     * The tenant's live profiles, by user id, whose traits lie in every range and (when {@code prototype} is not
     * null) whose largest PAL weight is prototype {@code prototype}.
     */
    public Page list(String tenantId, List<TraitRange> ranges, Integer prototype, int offset, int limit) {
        StringBuilder where = new StringBuilder("tenant_id = :tenant AND deleted_at IS NULL");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        params.put("tenant", tenantId);
        for (int i = 0; i < ranges.size(); i++) {
            TraitRange range = ranges.get(i);
            // the trait name is one of the five (checked by the caller) and is passed as a parameter all the same
            where.append(" AND (body -> 'bigFive' -> CAST(:trait")
                    .append(i)
                    .append(" AS TEXT) ->> 'value')::float8")
                    .append(" BETWEEN :min")
                    .append(i)
                    .append(" AND :max")
                    .append(i);
            params.put("trait" + i, range.trait());
            params.put("min" + i, range.min());
            params.put("max" + i, range.max());
        }
        if (prototype != null) {
            where.append(" AND (SELECT w.ordinality - 1 FROM jsonb_array_elements(body -> 'palWeights' -> 'weights')")
                    .append(" WITH ORDINALITY AS w(weight, ordinality)")
                    .append(" ORDER BY (w.weight)::float8 DESC, w.ordinality LIMIT 1) = :prototype");
            params.put("prototype", prototype);
        }
        long total = jdbc.sql("SELECT count(*) FROM profiles WHERE " + where)
                .params(params)
                .query(Long.class)
                .single();
        params.put("offset", offset);
        params.put("limit", limit);
        List<Profile> profiles = jdbc.sql("SELECT user_id, version, body, updated_at, updated_by FROM profiles WHERE "
                        + where + " ORDER BY user_id OFFSET :offset LIMIT :limit")
                .params(params)
                .query((rs, row) ->
                        profile(new UserKey(tenantId, rs.getString("user_id")), rs, "updated_at", "updated_by"))
                .list();
        return new Page(total, profiles);
    }

    private Profile profile(UserKey user, ResultSet rs, String at, String by) throws SQLException {
        return new Profile(
                user,
                rs.getLong("version"),
                document(rs.getString("body")),
                rs.getTimestamp(at).toInstant(),
                rs.getString(by));
    }

    private ProfileDocument document(String body) {
        return body == null ? null : json.readValue(body, ProfileDocument.class);
    }
}
