package io.pluralign.e2e.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL's own counters (pg_stat_database, pg_stat_user_tables), so that two snapshots tell what the platform asked
 * of the database in between: commits, and rows written and read per table (sequential reads point at a missing
 * index).
 */
record DatabaseActivity(long commits, Map<String, long[]> tables) {
    private static final String[] COLUMNS = {
        "n_tup_ins", "n_tup_upd", "n_tup_hot_upd", "n_tup_del", "seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch"
    };

    static DatabaseActivity of(Connection db) throws Exception {
        try (Statement s = db.createStatement()) {
            // statistics are collected per transaction; this makes the snapshot see what committed up to now
            s.execute("SELECT pg_stat_clear_snapshot()");
            long commits;
            try (ResultSet r =
                    s.executeQuery("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
                r.next();
                commits = r.getLong(1);
            }
            Map<String, long[]> tables = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery("SELECT schemaname || '.' || relname, " + String.join(", ", COLUMNS)
                    + " FROM pg_stat_user_tables ORDER BY 1")) {
                while (r.next()) {
                    long[] values = new long[COLUMNS.length];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = r.getLong(i + 2);
                    }
                    tables.put(r.getString(1), values);
                }
            }
            return new DatabaseActivity(commits, tables);
        }
    }

    /** Lines: commits per second, then each table that changed, with what happened to it, over {@code seconds}. */
    String report(DatabaseActivity earlier, double seconds) {
        StringBuilder out = new StringBuilder(String.format(
                "  PostgreSQL: %.0f commits/s; per table, rows per second:%n", (commits - earlier.commits) / seconds));
        out.append(String.format(
                "    %-34s %8s %8s %8s %8s %8s %10s %8s %8s%n",
                "table", "insert", "update", "(hot)", "delete", "seqscan", "seq rows", "idxscan", "idx rows"));
        List<String> names = new ArrayList<>(tables.keySet());
        for (String name : names) {
            long[] now = tables.get(name);
            long[] before = earlier.tables.getOrDefault(name, new long[COLUMNS.length]);
            long[] delta = new long[COLUMNS.length];
            boolean changed = false;
            for (int i = 0; i < delta.length; i++) {
                delta[i] = now[i] - before[i];
                changed |= delta[i] != 0;
            }
            if (changed) {
                out.append(String.format("    %-34s", name));
                for (int i = 0; i < delta.length; i++) {
                    out.append(String.format(i == 5 ? " %10.0f" : " %8.0f", delta[i] / seconds));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }
}
