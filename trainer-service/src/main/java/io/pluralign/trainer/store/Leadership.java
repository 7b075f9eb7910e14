package io.pluralign.trainer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which trainer-service instance learns. Every instance stores feedback (each takes its share of the partitions), but
 * learning works over all unlearned feedback in the database, so only one instance may run it: the one holding a
 * PostgreSQL session advisory lock on a connection of its own. If that instance dies, its connection closes, the lock
 * is released, and another instance takes over at its next try.
 */
public class Leadership implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    /** The lock's key, in the two-int key space (which does not overlap the one-bigint keys of per-tenant locks). */
    private static final int CLASS_ID = 0x74726169; // "trai"

    private static final int OBJECT_ID = 0x6c656164; // "lead"

    private final DataSource dataSource;
    private Connection held;
    private long terms;

    public Leadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Whether this instance leads: true while it holds the lock, and tries to take it when not (never blocks for
     * long).
     */
    public synchronized boolean lead() {
        if (held != null) {
            if (isAlive(held)) {
                return true;
            }
            log.warn("lost the connection that held learning leadership");
            closeQuietly();
        }
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)");
                    ResultSet rs = bind(s).executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    held = c;
                    c = null;
                    terms++;
                    log.info("this instance leads learning");
                    return true;
                }
            }
        } catch (SQLException e) {
            log.warn("could not try for learning leadership: {}", e.toString());
        } finally {
            if (c != null) {
                try {
                    c.close(); // back to the pool: it holds no lock
                } catch (SQLException e) {
                    log.debug("closing a connection: {}", e.toString());
                }
            }
        }
        return false;
    }

    /**
     * How many times this instance has taken leadership: a learner that sees it change forgets what it held, which
     * another instance may have changed meanwhile.
     */
    public synchronized long terms() {
        return terms;
    }

    private static PreparedStatement bind(PreparedStatement s) throws SQLException {
        s.setInt(1, CLASS_ID);
        s.setInt(2, OBJECT_ID);
        return s;
    }

    private static boolean isAlive(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void closeQuietly() {
        try {
            held.close();
        } catch (SQLException e) {
            log.debug("closing the leadership connection: {}", e.toString());
        }
        held = null;
    }

    /**
     * Gives leadership up. The lock is released explicitly: a pooled connection's session outlives its close, and
     * would keep the lock.
     */
    @Override
    public synchronized void close() {
        if (held == null) {
            return;
        }
        try (PreparedStatement s = held.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            bind(s).executeQuery().close();
        } catch (SQLException e) {
            log.warn("could not release learning leadership: {}", e.toString());
        }
        closeQuietly();
    }
}
