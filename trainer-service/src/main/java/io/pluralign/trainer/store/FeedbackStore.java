package io.pluralign.trainer.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Feedback events, each stored once by its event id. */
@Repository
public class FeedbackStore {

    /**
     * One event to store; {@code generationIds} are the generations it names (empty when given as text): at most three,
     * its chosen, rejected and rated answers; {@code producedAtMillis} is when it was produced (its record's time).
     */
    public record Stored(
            String eventId,
            String tenantId,
            String userId,
            String kind,
            String payload,
            List<String> generationIds,
            long producedAtMillis) {}

    /**
     * SQL: whether the user of {@code tenant} and {@code user} asked to be erased after {@code produced} (ms since the
     * epoch). An event produced before that but consumed after the erasure is stored without content.
     */
    private static String erasedAfter(String tenant, String user, String produced) {
        return "EXISTS (SELECT 1 FROM erasures x WHERE x.tenant_id = " + tenant + " AND x.user_id = " + user
                + " AND x.requested_at >= to_timestamp(" + produced + " / 1000.0))";
    }

    /** Feedback whose named generations never arrived, or belong to someone else. */
    public record Rejected(String eventId, String tenantId, String userId, String payload, String reason) {}

    /** Reads a row of {@code RETURNING event_id, tenant_id, user_id, payload::text AS payload, rejection}. */
    private static final RowMapper<Rejected> REJECTED = (rs, row) -> new Rejected(
            rs.getString("event_id"),
            rs.getString("tenant_id"),
            rs.getString("user_id"),
            rs.getString("payload"),
            rs.getString("rejection"));

    private final JdbcTemplate jdbc;

    public FeedbackStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the events not stored yet, in one statement (the batch as columns of arrays, unnested by PostgreSQL:
     * one round trip, one plan), and queues those already resolved for learning; returns how many were new. An event
     * repeated within the batch is stored once. An event of a user who asked to be erased after it was produced is
     * stored {@code erased}, without content.
     */
    @Transactional
    public int storeAll(List<Stored> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int n = events.size();
        String[][] columns = new String[8][n];
        Long[] produced = new Long[n];
        for (int i = 0; i < n; i++) {
            Stored e = events.get(i);
            produced[i] = e.producedAtMillis();
            columns[0][i] = e.eventId();
            columns[1][i] = e.tenantId();
            columns[2][i] = e.userId();
            columns[3][i] = e.kind();
            columns[4][i] = e.payload();
            for (int g = 0; g < e.generationIds().size(); g++) {
                columns[5 + g][i] = e.generationIds().get(g);
            }
        }
        Integer stored = jdbc.query(
                "WITH stored AS (INSERT INTO feedback (event_id, tenant_id, user_id, kind, payload, generation_ids,"
                        + " resolution) SELECT e.event_id, e.tenant_id, e.user_id, e.kind, CASE WHEN e.erased THEN"
                        + " '{}'::jsonb ELSE e.payload::jsonb END, CASE WHEN e.erased THEN '{}' ELSE e.generation_ids"
                        + " END, CASE WHEN e.erased THEN 'erased' WHEN cardinality(e.generation_ids) = 0 THEN"
                        + " 'resolved' ELSE 'pending' END FROM (SELECT event_id, tenant_id, user_id, kind, payload,"
                        + " array_remove(ARRAY[g1, g2, g3], NULL) AS generation_ids, "
                        + erasedAfter("u.tenant_id", "u.user_id", "u.produced")
                        + " AS erased FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                        + " ?::text[], ?::text[], ?::bigint[]) AS u(event_id, tenant_id, user_id, kind, payload, g1,"
                        + " g2, g3, produced)) e ON CONFLICT (event_id) DO NOTHING"
                        + " RETURNING event_id, tenant_id, user_id, resolution), queued AS (INSERT INTO"
                        + " learning_queue (event_id, tenant_id, user_id) SELECT event_id, tenant_id, user_id FROM"
                        + " stored WHERE resolution = 'resolved') SELECT count(*) FROM stored",
                ps -> {
                    for (int c = 0; c < columns.length; c++) {
                        ps.setArray(c + 1, ps.getConnection().createArrayOf("text", columns[c]));
                    }
                    ps.setArray(columns.length + 1, ps.getConnection().createArrayOf("bigint", produced));
                },
                rs -> rs.next() ? rs.getInt(1) : 0);
        return stored == null ? 0 : stored;
    }

    /** A generation to store: id, owner, its generation.completed payload, and when that was produced. */
    public record Generation(String id, String tenantId, String userId, String payload, long producedAtMillis) {}

    /**
     * Stores generations not stored yet (by id); returns how many were new. A generation of a user who asked to be
     * erased after it was produced is stored without content.
     */
    @Transactional
    public int storeGenerations(List<Generation> generations) {
        int[][] counts = jdbc.batchUpdate(
                "INSERT INTO generations (generation_id, tenant_id, user_id, payload) SELECT ?, ?, ?, CASE WHEN "
                        + erasedAfter("CAST(? AS TEXT)", "CAST(? AS TEXT)", "CAST(? AS BIGINT)")
                        + " THEN '{}'::jsonb ELSE CAST(? AS JSONB) END ON CONFLICT (generation_id) DO NOTHING",
                generations,
                1000,
                (ps, g) -> {
                    ps.setString(1, g.id());
                    ps.setString(2, g.tenantId());
                    ps.setString(3, g.userId());
                    ps.setString(4, g.tenantId());
                    ps.setString(5, g.userId());
                    ps.setLong(6, g.producedAtMillis());
                    ps.setString(7, g.payload());
                });
        return newRows(counts);
    }

    /**
     * Settles pending feedback: resolved (and queued for learning) when every named generation has arrived for the
     * same tenant and user;
     * rejected when one belongs to someone else, was erased, or is still missing after {@code graceSeconds}. Returns the
     * rejected ones (for the dead-letter topic).
     */
    @Transactional
    public List<Rejected> settlePending(long graceSeconds) {
        jdbc.update("WITH resolved AS (UPDATE feedback f SET resolution = 'resolved' WHERE resolution = 'pending' AND"
                + " NOT EXISTS (SELECT 1 FROM unnest(f.generation_ids) id WHERE NOT EXISTS (SELECT 1 FROM generations"
                + " g WHERE g.generation_id = id AND g.tenant_id = f.tenant_id AND g.user_id = f.user_id AND g.payload"
                + " <> '{}'::jsonb)) RETURNING"
                + " event_id, tenant_id, user_id, received_at) INSERT INTO learning_queue (event_id, tenant_id,"
                + " user_id) SELECT event_id, tenant_id, user_id FROM resolved ORDER BY received_at, event_id");
        List<Rejected> rejected = jdbc.query(
                "UPDATE feedback f SET resolution = 'rejected', rejection = CASE WHEN EXISTS (SELECT 1 FROM"
                        + " unnest(f.generation_ids) id JOIN generations g ON g.generation_id = id WHERE"
                        + " g.tenant_id <> f.tenant_id OR g.user_id IS DISTINCT FROM f.user_id) THEN"
                        + " 'a named generation belongs to another user' WHEN EXISTS (SELECT 1 FROM"
                        + " unnest(f.generation_ids) id JOIN generations g ON g.generation_id = id WHERE g.payload ="
                        + " '{}'::jsonb) THEN 'a named generation was erased with its user' ELSE"
                        + " 'a named generation id is unknown after "
                        + graceSeconds
                        + " s' END WHERE resolution = 'pending' AND (received_at < now() - make_interval(secs => ?)"
                        + " OR EXISTS (SELECT 1 FROM unnest(f.generation_ids) id JOIN generations g ON g.generation_id = id"
                        + " WHERE g.tenant_id <> f.tenant_id OR g.user_id IS DISTINCT FROM f.user_id OR g.payload ="
                        + " '{}'::jsonb))"
                        + " RETURNING event_id, tenant_id, user_id, payload::text AS payload, rejection",
                REJECTED,
                (double) graceSeconds);
        return rejected;
    }

    /**
     * Rejects a user's resolved feedback that is not learned yet, because it cannot be learned from (the model refused
     * an answer); returns it for the dead-letter topic.
     */
    @Transactional
    public List<Rejected> rejectUnlearned(String tenant, String user, String reason) {
        return jdbc.query(
                "WITH dropped AS (DELETE FROM learning_queue WHERE tenant_id = ? AND user_id = ? RETURNING event_id)"
                        + " UPDATE feedback SET resolution = 'rejected', rejection = ? WHERE event_id IN (SELECT"
                        + " event_id FROM dropped) AND resolution = 'resolved'"
                        + " RETURNING event_id, tenant_id, user_id, payload::text AS payload, rejection",
                REJECTED,
                tenant,
                user,
                reason);
    }

    /** Rejects one stored event that cannot be learned from; returns it for the dead-letter topic (empty if gone). */
    @Transactional
    public List<Rejected> reject(String eventId, String reason) {
        return jdbc.query(
                "WITH dropped AS (DELETE FROM learning_queue WHERE event_id = ?) UPDATE feedback SET resolution ="
                        + " 'rejected', rejection = ? WHERE event_id = ? AND resolution = 'resolved'"
                        + " RETURNING event_id, tenant_id, user_id, payload::text AS payload, rejection",
                REJECTED,
                eventId,
                reason,
                eventId);
    }

    /**
     * Erases what is stored of a user's feedback and generations (right to erasure): each feedback row keeps its event
     * id, tenant and user, so a replay stores none of it again, and becomes {@code erased} with no content; each
     * generation keeps its id and owner without content; the user's unlearned events leave the learning queue.
     * Returns how many feedback events were erased (0 when done before).
     */
    @Transactional
    public int erase(String tenant, String user) {
        // feedback first: its row locks make a concurrent settlePending either finish first (its queue row is then
        // deleted below) or find the row erased
        int erased = jdbc.update(
                "UPDATE feedback SET resolution = 'erased', payload = '{}'::jsonb, generation_ids = '{}', rejection ="
                        + " NULL WHERE tenant_id = ? AND user_id = ? AND resolution <> 'erased'",
                tenant,
                user);
        jdbc.update("DELETE FROM learning_queue WHERE tenant_id = ? AND user_id = ?", tenant, user);
        jdbc.update(
                "UPDATE generations SET payload = '{}'::jsonb WHERE tenant_id = ? AND user_id = ? AND payload <>"
                        + " '{}'::jsonb",
                tenant,
                user);
        return erased;
    }

    /**
     * Records that a user asked to be erased, once per {@code user.erased} event id; the learner carries it out
     * ({@link #requestedErasures}).
     */
    public void requestErasure(String eventId, String tenant, String user) {
        jdbc.update(
                "INSERT INTO erasures (event_id, tenant_id, user_id) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
                eventId,
                tenant,
                user);
    }

    /** A user's erasure asked for and not carried out yet. */
    public record ErasureRequest(long id, String tenantId, String userId) {}

    /** Erasures asked for and not carried out yet that failed fewer than {@code attempts} times, oldest first. */
    public List<ErasureRequest> requestedErasures(int attempts) {
        return jdbc.query(
                "SELECT id, tenant_id, user_id FROM erasures WHERE done_at IS NULL AND attempts < ? ORDER BY id LIMIT 100",
                (rs, row) -> new ErasureRequest(rs.getLong(1), rs.getString(2), rs.getString(3)),
                attempts);
    }

    /** Counts a failed attempt at an erasure, with its error (for an operator once attempts run out). */
    public void erasureFailed(long id, String error) {
        jdbc.update("UPDATE erasures SET attempts = attempts + 1, last_error = ? WHERE id = ?", error, id);
    }

    /** Marks an erasure carried out. */
    public void erasureDone(long id) {
        jdbc.update("UPDATE erasures SET done_at = now() WHERE id = ?", id);
    }

    /** The resolution of an event: pending, resolved, rejected or erased; null when not stored. */
    public String resolution(String eventId) {
        List<String> r = jdbc.queryForList("SELECT resolution FROM feedback WHERE event_id = ?", String.class, eventId);
        return r.isEmpty() ? null : r.get(0);
    }

    public int count(String tenantId, String userId) {
        Integer n = jdbc.queryForObject(
                "SELECT count(*) FROM feedback WHERE tenant_id = ? AND user_id = ?", Integer.class, tenantId, userId);
        return n == null ? 0 : n;
    }

    public boolean exists(String eventId) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM feedback WHERE event_id = ?", Integer.class, eventId);
        return n != null && n > 0;
    }

    /** Rows a batch of {@code INSERT ... ON CONFLICT DO NOTHING} added (0 for each one that existed). */
    private static int newRows(int[][] counts) {
        int inserted = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                inserted += Math.max(0, c);
            }
        }
        return inserted;
    }
}
