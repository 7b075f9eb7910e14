package io.pluralign.e2e.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time used so far by each part of the platform on this machine, read from the operating system for every process:
 * two snapshots tell how many cores each part used in between. Parts are named by what a process's command line names
 * (an app module, Kafka, PostgreSQL, this benchmark with its Maven launcher); the rest is "other". The same grouping as
 * {@code bench/cpu-by-process}, which does this from a shell beside any benchmark.
 */
record CpuByProcess(Map<String, Duration> used) {
    private static final String[][] PARTS = {
        {"Benchmark", "benchmark"},
        {"trainer-service", "trainer-service"},
        {"profile-service", "profile-service"},
        {"steering-service", "steering-service"},
        {"reward-service", "reward-service"},
        {"gateway", "gateway"},
        {"kafka", "kafka"},
        {"postgres", "postgresql"},
    };

    static CpuByProcess now() {
        Map<String, Duration> used = new TreeMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            info.totalCpuDuration().ifPresent(cpu -> used.merge(part(p), cpu, Duration::plus));
        });
        return new CpuByProcess(used);
    }

    private static String part(ProcessHandle process) {
        // this JVM and its Maven launcher; their command lines are long class paths that name Kafka's client and the
        // services' jars, and the operating system may cut them short
        ProcessHandle benchmark = ProcessHandle.current();
        if (process.equals(benchmark) || process.equals(benchmark.parent().orElse(null))) {
            return "benchmark";
        }
        String commandLine = process.info().commandLine().orElse("");
        for (String[] part : PARTS) {
            if (commandLine.contains(part[0])) {
                return part[1];
            }
        }
        return "other";
    }

    /**
     * One line: cores used by each part since {@code earlier}, largest first, over {@code seconds} of wall time.
     * Processes that ended in between are not counted.
     */
    String report(CpuByProcess earlier, double seconds) {
        StringBuilder out = new StringBuilder("  cores by process:");
        double total = 0;
        Map<Double, String> parts = new TreeMap<>(Comparator.reverseOrder());
        for (Map.Entry<String, Duration> e : used.entrySet()) {
            Duration before = earlier.used.getOrDefault(e.getKey(), Duration.ZERO);
            double cores = e.getValue().minus(before).toNanos() / 1e9 / seconds;
            if (cores >= 0.005) {
                parts.merge(cores, e.getKey(), (a, b) -> a + ", " + b);
            }
            total += Math.max(0, cores);
        }
        parts.forEach((cores, name) -> out.append(String.format(" %s %.2f,", name, cores)));
        out.append(String.format(" all %.2f%n", total));
        return out.toString();
    }
}
