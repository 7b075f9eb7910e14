package io.pluralign.profile.store;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.profile.domain.Profile;
import io.pluralign.profile.domain.UserKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The latest versions of these users, row-locked until the transaction ends (in one order, so that two callers
     * locking overlapping users wait for each other but never deadlock); users who never had a profile are absent.
     */
    public Map<UserKey, VersionState> lockVersions(Collection<UserKey> users) {
        Map<UserKey, VersionState> states = new HashMap<>();
        jdbc.sql("SELECT p.tenant_id, p.user_id, p.version, p.deleted_at IS NOT NULL AS erased, p.body FROM profiles p"
                        + " JOIN unnest(?::text[], ?::text[]) AS u(tenant_id, user_id) USING (tenant_id, user_id)"
                        + " ORDER BY p.tenant_id, p.user_id FOR UPDATE OF p")
                .params(
                        users.stream().map(UserKey::tenantId).toArray(String[]::new),
                        users.stream().map(UserKey::userId).toArray(String[]::new))
                .query(rs -> {
                    states.put(
                            new UserKey(rs.getString("tenant_id"), rs.getString("user_id")),
                            new VersionState(
                                    rs.getLong("version"), rs.getBoolean("erased"), document(rs.getString("body"))));
                });
        return states;
    }

    /**
     * For each user, the recorded versions after the given one that a change other than {@code change} made, oldest
     * first; users without any are absent.
     */
    public Map<UserKey, List<Long>> versionsAfterNotBy(Map<UserKey, Long> after, String change) {
        List<UserKey> users = List.copyOf(after.keySet());
        Map<UserKey, List<Long>> versions = new HashMap<>();
        jdbc.sql("SELECT v.tenant_id, v.user_id, v.version FROM profile_versions v"
                        + " JOIN unnest(?::text[], ?::text[], ?::bigint[]) AS u(tenant_id, user_id, after)"
                        + " USING (tenant_id, user_id) WHERE v.version > u.after AND v.change <> ?"
                        + " ORDER BY v.version")
                .params(
                        users.stream().map(UserKey::tenantId).toArray(String[]::new),
                        users.stream().map(UserKey::userId).toArray(String[]::new),
                        users.stream().map(after::get).toArray(Long[]::new),
                        change)
                .query(rs -> {
                    versions.computeIfAbsent(
                                    new UserKey(rs.getString("tenant_id"), rs.getString("user_id")),
                                    user -> new ArrayList<>())
                            .add(rs.getLong("version"));
                });
        return versions;
    }

    /** Those of these event ids that were consumed before. */
    public List<String> consumedAmong(Collection<String> eventIds) {
        return jdbc.sql("SELECT event_id FROM consumed_events WHERE event_id = ANY (?::text[])")
                .param(eventIds.toArray(String[]::new))
                .query(String.class)
                .list();
    }

    /**
     * Records that these events (event id to outcome) were consumed from {@code topic}; returns how many were not
     * recorded before.
     */
    public int markConsumed(Map<String, String> outcomes, String topic) {
        if (outcomes.isEmpty()) {
            return 0;
        }
        List<String> ids = List.copyOf(outcomes.keySet());
        return jdbc.sql("INSERT INTO consumed_events (event_id, topic, outcome)"
                        + " SELECT event_id, CAST(? AS TEXT), outcome FROM unnest(?::text[], ?::text[]) AS u(event_id, outcome)"
                        + " ON CONFLICT (event_id) DO NOTHING")
                .params(
                        topic,
                        ids.toArray(String[]::new),
                        ids.stream().map(outcomes::get).toArray(String[]::new))
                .update();
    }

    /**
     * Records these new versions in the history, made by {@code change}, and makes each user's newest of them the live
     * profile, in one statement. The profiles exist, their rows are locked by the caller, and all of these versions
     * were made at the same time by the same actor.
     */
    public void addVersions(List<Profile> profiles, String change) {
        if (profiles.isEmpty()) {
            return;
        }
        Profile first = profiles.get(0);
        if (profiles.stream()
                .anyMatch(p -> !p.updatedAt().equals(first.updatedAt())
                        || !p.updatedBy().equals(first.updatedBy()))) {
            throw new IllegalArgumentException("versions added together share their time and actor");
        }
        jdbc.sql("""
                WITH added AS (
                    INSERT INTO profile_versions (tenant_id, user_id, version, body, changed_at, changed_by, change)
                    SELECT tenant_id, user_id, version, CAST(body AS JSONB), CAST(? AS TIMESTAMPTZ), CAST(? AS TEXT), CAST(? AS TEXT)
                    FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[]) AS n(tenant_id, user_id, version, body)
                    RETURNING tenant_id, user_id, version, body)
                UPDATE profiles p
                SET version = a.version, body = a.body, updated_at = ?, updated_by = ?, deleted_at = NULL
                FROM (SELECT DISTINCT ON (tenant_id, user_id) * FROM added ORDER BY tenant_id, user_id, version DESC) a
                WHERE p.tenant_id = a.tenant_id AND p.user_id = a.user_id
                """)
                .params(
                        Timestamp.from(first.updatedAt()),
                        first.updatedBy(),
                        change,
                        profiles.stream().map(p -> p.user().tenantId()).toArray(String[]::new),
                        profiles.stream().map(p -> p.user().userId()).toArray(String[]::new),
                        profiles.stream().map(Profile::version).toArray(Long[]::new),
                        profiles.stream()
                                .map(p -> json.writeValueAsString(p.body()))
                                .toArray(String[]::new),
                        Timestamp.from(first.updatedAt()),
                        first.updatedBy())
                .update();
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
