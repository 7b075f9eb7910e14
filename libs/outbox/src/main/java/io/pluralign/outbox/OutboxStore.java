package io.pluralign.outbox;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: records waiting to be published to Kafka, in the order they were written. A service that
 * uses it creates the {@code outbox} table in its own schema (see profile-service's first migration) and sets {@code
 * pluralign.outbox.enabled=true}.
 */
public class OutboxStore {
    private final JdbcClient jdbc;

    /**
     * Serialises publishing across a service's instances so that one user's events leave in the order they were
     * written. Advisory locks are database-wide, so each service has its own key (services may share a database).
     */
    private final long publisherLock;

    /** Told after a transaction that added records committed (the relay, so it publishes them at once). */
    private volatile Runnable committed = () -> {};

    private final TransactionSynchronization tellCommitted = new TransactionSynchronization() {
        @Override
        public void afterCommit() {
            committed.run();
        }
    };

    public OutboxStore(JdbcClient jdbc, String serviceName) {
        this.jdbc = jdbc;
        this.publisherLock = 0x706c7572616c6f67L ^ ((long) serviceName.hashCode() << 16);
    }

    /** A record to publish; a null value is a tombstone. */
    public record OutboxRecord(long id, String topic, String key, String value) {}

    /** Runs {@code listener} after each transaction that added records commits. */
    public void afterCommit(Runnable listener) {
        this.committed = listener;
    }

    /** Adds a record in the caller's transaction. */
    public void add(String topic, String key, String value) {
        jdbc.sql("INSERT INTO outbox (topic, record_key, record_value) VALUES (?, ?, ?)")
                .params(topic, key, value)
                .update();
        tellOnCommit();
    }

    /**
     * Registers {@link #tellCommitted} with the caller's transaction: the one instance, which the transaction keeps in a
     * set, so however many records a transaction adds it tells once.
     */
    private void tellOnCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(tellCommitted);
        }
    }

    /** A record to add: topic, key and value (null for a tombstone). */
    public record NewRecord(String topic, String key, String value) {}

    /** Adds records in the caller's transaction, a few hundred per statement. */
    public void addAll(java.util.List<NewRecord> records) {
        for (int from = 0; from < records.size(); from += 500) {
            java.util.List<NewRecord> chunk = records.subList(from, Math.min(records.size(), from + 500));
            StringBuilder sql = new StringBuilder("INSERT INTO outbox (topic, record_key, record_value) VALUES ");
            java.util.List<Object> params = new java.util.ArrayList<>(chunk.size() * 3);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
                params.add(chunk.get(i).topic());
                params.add(chunk.get(i).key());
                params.add(chunk.get(i).value());
            }
            jdbc.sql(sql.toString()).params(params).update();
        }
        if (!records.isEmpty()) {
            tellOnCommit();
        }
    }

    /** Takes the publisher lock for the caller's transaction; false when another instance holds it. */
    public boolean tryLockPublisher() {
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)")
                .param(publisherLock)
                .query(Boolean.class)
                .single());
    }

    public List<OutboxRecord> nextUnpublished(int limit) {
        return jdbc.sql(
                        "SELECT id, topic, record_key, record_value FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT ?")
                .param(limit)
                .query((rs, row) -> new OutboxRecord(
                        rs.getLong("id"),
                        rs.getString("topic"),
                        rs.getString("record_key"),
                        rs.getString("record_value")))
                .list();
    }

    public void markPublished(List<Long> ids) {
        jdbc.sql("UPDATE outbox SET published_at = now() WHERE id = ANY(?)")
                .param(ids.toArray(Long[]::new))
                .update();
    }

    public int pendingCount() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                .query(Integer.class)
                .single();
    }

    /**
     * Deletes every record with {@code key}, published or not (the copies of an erased user's profile); a service that
     * calls it indexes {@code outbox (record_key)}.
     */
    public int deleteKey(String key) {
        return jdbc.sql("DELETE FROM outbox WHERE record_key = ?").params(key).update();
    }

    /**
     * Deletes the records with {@code key} not published yet. It reads only unpublished records, where {@link
     * #deleteKey} reads every record kept (a day of them): published ones are forgotten with the rest.
     */
    public int deleteUnpublishedKey(String key) {
        return jdbc.sql("DELETE FROM outbox WHERE published_at IS NULL AND record_key = ?")
                .params(key)
                .update();
    }

    /** Forgets published records older than the given number of hours. */
    public int deletePublishedOlderThanHours(int hours) {
        return jdbc.sql("DELETE FROM outbox WHERE published_at < now() - make_interval(hours => ?)")
                .param(hours)
                .update();
    }
}
