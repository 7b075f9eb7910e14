package io.pluralign.trainer.store;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Feedback events, each stored once by its event id. */
@Repository
public class FeedbackStore {

    /** One event to store. */
    public record Stored(String eventId, String tenantId, String userId, String kind, String payload) {}

    private final JdbcTemplate jdbc;

    public FeedbackStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the events not stored yet, in one transaction and one batch; returns how many were new. */
    @Transactional
    public int storeAll(List<Stored> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate(
                "INSERT INTO feedback (event_id, tenant_id, user_id, kind, payload) VALUES (?, ?, ?, ?, ?::jsonb)"
                        + " ON CONFLICT (event_id) DO NOTHING",
                events,
                1000,
                (ps, e) -> {
                    ps.setString(1, e.eventId());
                    ps.setString(2, e.tenantId());
                    ps.setString(3, e.userId());
                    ps.setString(4, e.kind());
                    ps.setString(5, e.payload());
                });
        int inserted = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                inserted += Math.max(0, c);
            }
        }
        return inserted;
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
}
