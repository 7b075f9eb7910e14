package io.pluralign.e2e.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    /** This JVM and the processes that started it (Maven, the bench script): they name the apps in their arguments. */
    private static final List<ProcessHandle> BENCHMARK = Stream.iterate(
                    Optional.of(ProcessHandle.current()), Optional::isPresent, p -> p.flatMap(ProcessHandle::parent))
            .map(Optional::get)
            .toList();

    static CpuByProcess now() {
        Map<String, Duration> used = new TreeMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            ProcessHandle.Info info = p.info();
            info.totalCpuDuration().ifPresent(cpu -> used.merge(part(p), cpu, Duration::plus));
        });
        return new CpuByProcess(used);
    }

    /** The process of one part (e.g. {@code trainer-service}), when exactly one runs. */
    static ProcessHandle processOf(String part) {
        List<ProcessHandle> found =
                ProcessHandle.allProcesses().filter(p -> part(p).equals(part)).toList();
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " processes of " + part);
        }
        return found.get(0);
    }

    private static String part(ProcessHandle process) {
        if (BENCHMARK.contains(process)) {
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
