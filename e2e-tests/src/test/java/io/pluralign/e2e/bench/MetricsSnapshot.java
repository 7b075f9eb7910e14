package io.pluralign.e2e.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of an app's {@code /actuator/prometheus} whose names start with a prefix, keyed by series (name and
 * labels), so that two snapshots give what happened between them.
 */
record MetricsSnapshot(Map<String, Double> series) {
    static MetricsSnapshot of(String appUrl, String prefix) throws Exception {
        return read(appUrl + "/actuator/prometheus", prefix);
    }

    /**
     * Only these meters (their names as Micrometer's Prometheus registry filters them: a counter without {@code
     * _total}), which costs the app far less than a whole scrape when polled often.
     */
    static MetricsSnapshot only(String appUrl, String... meters) throws Exception {
        return read(appUrl + "/actuator/prometheus?includedNames=" + String.join(",", meters), "");
    }

    private static MetricsSnapshot read(String url, String prefix) throws Exception {
        String text = BenchPlatform.send("GET", url, Map.of(), null, 200);
        Map<String, Double> series = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && !line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new MetricsSnapshot(series);
    }

    /** This snapshot's value of a series minus the earlier one's. */
    double since(MetricsSnapshot earlier, String name, String labels) {
        String key = series.keySet().stream()
                .filter(k -> k.startsWith(name + "{") && k.contains(labels))
                .findFirst()
                .orElse(null);
        if (key == null) {
            throw new IllegalStateException("no series " + name + " with " + labels + " among " + series.keySet());
        }
        return series.get(key) - earlier.series().getOrDefault(key, 0.0);
    }

    /**
     * Lines describing what trainer-service did since {@code earlier}: for each phase of storing polled feedback and of
     * a learning pass, its wall time and its thread's CPU time (in all, and per batch or pass).
     */
    String trainerReport(MetricsSnapshot earlier) {
        StringBuilder out = new StringBuilder();
        double passes = since(earlier, "pluralign_trainer_phase_seconds_count", "phase=\"read\"");
        double batches = since(earlier, "pluralign_trainer_phase_seconds_count", "phase=\"parse\"");
        double stored = since(earlier, "pluralign_trainer_feedback_stored_total", "");
        double events = since(earlier, "pluralign_trainer_learning_events_total", "");
        double users = since(earlier, "pluralign_trainer_learning_users_total", "");
        out.append(String.format(
                "  trainer-service: stored %.0f events in %.0f polled batches; learned %.0f events in %.0f passes,"
                        + " %.0f user updates (%.1f events and %.1f users per pass)%n",
                stored, batches, events, passes, users, events / passes, users / passes));
        double age = since(earlier, "pluralign_trainer_feedback_age_seconds_sum", "")
                / since(earlier, "pluralign_trainer_feedback_age_seconds_count", "");
        double delay = since(earlier, "pluralign_trainer_learning_delay_seconds_sum", "")
                / since(earlier, "pluralign_trainer_learning_delay_seconds_count", "");
        out.append(String.format(
                "  mean age of a record when polled %.0f ms; mean time from stored to learned %.0f ms%n",
                1000 * age, 1000 * delay));
        out.append("    phase      wall s   cpu s   wall ms each   cpu ms each\n");
        for (String phase : new String[] {"parse", "store", "read", "resolve", "project", "fit", "commit"}) {
            String label = "phase=\"" + phase + "\"";
            double wall = since(earlier, "pluralign_trainer_phase_seconds_sum", label);
            double cpu = since(earlier, "pluralign_trainer_phase_cpu_seconds_sum", label);
            double n = since(earlier, "pluralign_trainer_phase_seconds_count", label);
            out.append(String.format(
                    "    %-8s %7.2f %7.2f %14.1f %13.1f%n", phase, wall, cpu, 1000 * wall / n, 1000 * cpu / n));
        }
        return out.toString();
    }
}
