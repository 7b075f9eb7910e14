package io.pluralign.trainer.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** What reward learning keeps: answers' activations, reward model versions, users' thetas, what is learned. */
@Repository
public class LearningStore {

    /** A stored feedback event of a user. */
    public record FeedbackRow(String eventId, String userId, String payload) {}

    /** A stored reward model version; {@code payload} is its reward-model.updated payload. */
    public record ModelRow(long version, String modelKey, int[] steeringLayers, int feedbackCount, String payload) {}

    private final JdbcTemplate jdbc;

    public LearningStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stored activations of these answers on {@code modelKey} at exactly {@code layers}, by answer key. */
    public Map<String, float[][]> activations(String modelKey, Collection<String> keys, int[] layers) {
        Map<String, float[][]> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        jdbc.query(
                "SELECT answer_key, layers, activations FROM answer_activations WHERE model_key = ? AND answer_key ="
                        + " ANY(?)",
                ps -> {
                    ps.setString(1, modelKey);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", keys.toArray()));
                },
                rs -> {
                    if (Arrays.equals(ints(rs.getArray("layers")), layers)) {
                        out.put(rs.getString("answer_key"), floats(rs.getBytes("activations"), layers.length));
                    }
                });
        return out;
    }

    public void saveActivations(String modelKey, int[] layers, Map<String, float[][]> byAnswer) {
        List<Map.Entry<String, float[][]>> rows = new ArrayList<>(byAnswer.entrySet());
        jdbc.batchUpdate(
                "INSERT INTO answer_activations (answer_key, model_key, layers, activations) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (answer_key, model_key) DO UPDATE SET layers = excluded.layers,"
                        + " activations = excluded.activations",
                rows,
                500,
                (ps, row) -> {
                    ps.setString(1, row.getKey());
                    ps.setString(2, modelKey);
                    ps.setArray(3, ps.getConnection().createArrayOf("integer", boxed(layers)));
                    ps.setBytes(4, bytes(row.getValue()));
                });
    }

    /** A stored feedback event waiting to be learned; {@code seq} is its place in the learning queue. */
    public record UnlearnedRow(
            long seq, String eventId, String tenantId, String userId, String payload, java.time.Instant receivedAt) {}

    /** Resolved feedback not learned yet, in the order it became learnable, in tenants that have a reward model. */
    public List<UnlearnedRow> unlearned(int limit) {
        return jdbc.query(
                "SELECT q.seq, f.event_id, f.tenant_id, f.user_id, f.payload::text, f.received_at FROM learning_queue q"
                        + " JOIN feedback"
                        + " f ON f.event_id = q.event_id WHERE EXISTS (SELECT 1 FROM reward_models m WHERE m.tenant_id"
                        + " = q.tenant_id) ORDER BY q.seq LIMIT ?",
                (rs, row) -> new UnlearnedRow(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant()),
                limit);
    }

    /** The most recent resolved feedback of each of these users (at most {@code perUser}), oldest first. */
    public List<FeedbackRow> histories(String tenant, Collection<String> users, int perUser) {
        return jdbc.query(
                "SELECT event_id, user_id, payload FROM (SELECT event_id, user_id, payload::text AS payload,"
                        + " received_at, row_number() OVER (PARTITION BY user_id ORDER BY received_at DESC, event_id"
                        + " DESC) AS recent FROM feedback WHERE tenant_id = ? AND user_id = ANY(?) AND resolution ="
                        + " 'resolved') h WHERE recent <= ? ORDER BY received_at, event_id",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setArray(2, ps.getConnection().createArrayOf("text", users.toArray()));
                    ps.setInt(3, perUser);
                },
                (rs, row) -> new FeedbackRow(rs.getString(1), rs.getString(2), rs.getString(3)));
    }

    /**
     * Serializes, until the caller's transaction ends, the transactions that write a tenant's model version or users'
     * thetas under it (a refit, and each pass of online learning).
     */
    public void lockTenant(String tenant) {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", rs -> {}, 0x7472616eL ^ ((long) tenant.hashCode() << 20));
    }

    /** The latest reward model version of a tenant, 0 when it has none. */
    public long latestVersion(String tenant) {
        Long v = jdbc.queryForObject(
                "SELECT coalesce(max(version), 0) FROM reward_models WHERE tenant_id = ?", Long.class, tenant);
        return v == null ? 0 : v;
    }

    /** A tenant's most recent resolved feedback (every user), oldest first. */
    public List<FeedbackRow> feedbackOf(String tenant, int limit) {
        List<FeedbackRow> rows = jdbc.query(
                "SELECT event_id, user_id, payload::text FROM feedback WHERE tenant_id = ? AND resolution ="
                        + " 'resolved' ORDER BY received_at DESC, event_id DESC LIMIT ?",
                (rs, row) -> new FeedbackRow(rs.getString(1), rs.getString(2), rs.getString(3)),
                tenant,
                limit);
        return reversed(rows);
    }

    /** A tenant's usable feedback: events and distinct users. */
    public record TenantFeedback(int events, int users) {}

    /** Tenants with resolved feedback, and how much each has. */
    public Map<String, TenantFeedback> resolvedFeedbackByTenant() {
        Map<String, TenantFeedback> out = new HashMap<>();
        jdbc.query(
                "SELECT tenant_id, count(*), count(DISTINCT user_id) FROM feedback WHERE resolution = 'resolved'"
                        + " GROUP BY tenant_id",
                rs -> {
                    out.put(rs.getString(1), new TenantFeedback(rs.getInt(2), rs.getInt(3)));
                });
        return out;
    }

    /** Payloads of these generations, by id. */
    public Map<String, String> generations(Collection<String> ids) {
        Map<String, String> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query(
                "SELECT generation_id, payload::text FROM generations WHERE generation_id = ANY(?) AND payload <>"
                        + " '{}'::jsonb",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("text", ids.toArray())),
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    public Optional<ModelRow> latestModel(String tenant) {
        return jdbc
                .query(
                        "SELECT version, model_key, steering_layers, feedback_count, payload::text FROM reward_models"
                                + " WHERE tenant_id = ? ORDER BY version DESC LIMIT 1",
                        (rs, row) -> new ModelRow(
                                rs.getLong(1), rs.getString(2), ints(rs.getArray(3)), rs.getInt(4), rs.getString(5)),
                        tenant)
                .stream()
                .findFirst();
    }

    public void saveModel(String tenant, ModelRow model) {
        jdbc.update(
                "INSERT INTO reward_models (tenant_id, version, model_key, steering_layers, feedback_count, payload)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb)",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setLong(2, model.version());
                    ps.setString(3, model.modelKey());
                    ps.setArray(4, ps.getConnection().createArrayOf("integer", boxed(model.steeringLayers())));
                    ps.setInt(5, model.feedbackCount());
                    ps.setString(6, model.payload());
                });
    }

    /** Every user's theta in a tenant under {@code modelVersion}. */
    public Map<String, double[]> thetas(String tenant, long modelVersion) {
        Map<String, double[]> out = new HashMap<>();
        jdbc.query(
                "SELECT user_id, theta FROM user_thetas WHERE tenant_id = ? AND model_version = ?",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setLong(2, modelVersion);
                },
                rs -> {
                    out.put(rs.getString(1), doubles(rs.getArray(2)));
                });
        return out;
    }

    public void saveThetas(
            String tenant, long modelVersion, Map<String, double[]> thetas, Map<String, Integer> counts) {
        List<Map.Entry<String, double[]>> rows = new ArrayList<>(thetas.entrySet());
        jdbc.batchUpdate(
                "INSERT INTO user_thetas (tenant_id, user_id, model_version, theta, comparisons) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (tenant_id, user_id) DO UPDATE SET model_version = excluded.model_version,"
                        + " theta = excluded.theta, comparisons = excluded.comparisons, updated_at = now()"
                        + " WHERE user_thetas.model_version <= excluded.model_version",
                rows,
                500,
                (ps, row) -> {
                    ps.setString(1, tenant);
                    ps.setString(2, row.getKey());
                    ps.setLong(3, modelVersion);
                    ps.setArray(4, ps.getConnection().createArrayOf("float8", boxed(row.getValue())));
                    ps.setInt(5, counts.getOrDefault(row.getKey(), 0));
                });
    }

    /** Forgets a user's learned theta (right to erasure). */
    public void deleteTheta(String tenant, String user) {
        jdbc.update("DELETE FROM user_thetas WHERE tenant_id = ? AND user_id = ?", tenant, user);
    }

    /**
     * Those of a tenant's users who were erased since they were read: one of {@code eventIds} (their feedback) is now
     * erased, or one of {@code withTheta} (users whose theta was read) has no theta any more.
     */
    public Set<String> erasedSince(String tenant, Collection<String> eventIds, Collection<String> withTheta) {
        Set<String> out = new HashSet<>();
        jdbc.query(
                "SELECT user_id FROM feedback WHERE event_id = ANY(?) AND tenant_id = ? AND resolution = 'erased'"
                        + " UNION SELECT u.user_id FROM unnest(?::text[]) AS u(user_id) WHERE NOT EXISTS (SELECT 1"
                        + " FROM user_thetas t WHERE t.tenant_id = ? AND t.user_id = u.user_id)",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", eventIds.toArray()));
                    ps.setString(2, tenant);
                    ps.setArray(3, ps.getConnection().createArrayOf("text", withTheta.toArray()));
                    ps.setString(4, tenant);
                },
                rs -> {
                    out.add(rs.getString(1));
                });
        return out;
    }

    /** Takes these places out of the learning queue (their events are learned); returns how many were there. */
    public int dequeue(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return 0;
        }
        return jdbc.update(
                "DELETE FROM learning_queue WHERE seq = ANY(?)",
                ps -> ps.setArray(1, ps.getConnection().createArrayOf("bigint", seqs.toArray())));
    }

    /**
     * Takes a tenant's events that are among {@code eventIds} out of the learning queue (a refit learned them);
     * returns them by user, the events each user's update takes in for the first time.
     */
    public Map<String, List<String>> dequeue(String tenant, Collection<String> eventIds) {
        Map<String, List<String>> out = new HashMap<>();
        if (eventIds.isEmpty()) {
            return out;
        }
        jdbc.query(
                "DELETE FROM learning_queue q USING unnest(?::text[]) AS e(event_id) WHERE q.event_id = e.event_id"
                        + " AND q.tenant_id = ? RETURNING q.user_id, q.event_id",
                ps -> {
                    ps.setArray(1, ps.getConnection().createArrayOf("text", eventIds.toArray()));
                    ps.setString(2, tenant);
                },
                rs -> {
                    out.computeIfAbsent(rs.getString(1), u -> new ArrayList<>()).add(rs.getString(2));
                });
        return out;
    }

    /** What the learner holds for a user: their feedback by state, and their current theta. */
    public record UserState(
            int pending,
            int resolved,
            int rejected,
            int erased,
            int learned,
            Long modelVersion,
            double[] theta,
            Integer comparisons) {}

    public UserState userState(String tenant, String user) {
        int[] counts = new int[4];
        jdbc.query(
                "SELECT resolution, count(*) FROM feedback WHERE tenant_id = ? AND user_id = ? GROUP BY 1",
                ps -> {
                    ps.setString(1, tenant);
                    ps.setString(2, user);
                },
                rs -> {
                    int n = rs.getInt(2);
                    switch (rs.getString(1)) {
                        case "pending" -> counts[0] += n;
                        case "resolved" -> counts[1] += n;
                        case "erased" -> counts[3] += n;
                        default -> counts[2] += n;
                    }
                });
        Integer queued = jdbc.queryForObject(
                "SELECT count(*) FROM learning_queue WHERE tenant_id = ? AND user_id = ?", Integer.class, tenant, user);
        Object[] theta = jdbc
                .query(
                        "SELECT model_version, theta, comparisons FROM user_thetas WHERE tenant_id = ? AND user_id = ?",
                        (rs, row) -> new Object[] {rs.getLong(1), doubles(rs.getArray(2)), rs.getInt(3)},
                        tenant,
                        user)
                .stream()
                .findFirst()
                .orElse(new Object[3]);
        return new UserState(
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                counts[1] - (queued == null ? 0 : queued),
                (Long) theta[0],
                (double[]) theta[1],
                (Integer) theta[2]);
    }

    private static <T> List<T> reversed(List<T> rows) {
        List<T> out = new ArrayList<>(rows);
        java.util.Collections.reverse(out);
        return out;
    }

    private static byte[] bytes(float[][] layers) {
        int n = Arrays.stream(layers).mapToInt(l -> l.length).sum();
        ByteBuffer buffer = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] layer : layers) {
            for (float f : layer) {
                buffer.putFloat(f);
            }
        }
        return buffer.array();
    }

    private static float[][] floats(byte[] bytes, int layers) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int hidden = bytes.length / 4 / layers;
        float[][] out = new float[layers][hidden];
        for (float[] layer : out) {
            for (int i = 0; i < hidden; i++) {
                layer[i] = buffer.getFloat();
            }
        }
        return out;
    }

    private static int[] ints(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).intValue();
        }
        return out;
    }

    private static double[] doubles(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }

    private static Integer[] boxed(int[] v) {
        return Arrays.stream(v).boxed().toArray(Integer[]::new);
    }

    private static Double[] boxed(double[] v) {
        return Arrays.stream(v).boxed().toArray(Double[]::new);
    }
}
