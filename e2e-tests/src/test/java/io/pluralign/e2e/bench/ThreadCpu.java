package io.pluralign.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by each thread of some apps, by thread name (threads of the same name summed, such as a pool's),
 * read from Linux's {@code /proc/PID/task}: two snapshots tell which threads of each app used its cores in between.
 * Empty where there is no {@code /proc}.
 */
record ThreadCpu(Map<String, Map<String, Long>> ticksByApp) {
    /** Linux's USER_HZ, the unit of the CPU times in {@code /proc}: 100 on every common platform. */
    private static final double TICKS_PER_SECOND = 100;

    /** A snapshot of these apps' processes (named as {@link CpuByProcess} names them). */
    static ThreadCpu of(Map<String, ProcessHandle> apps) {
        Map<String, Map<String, Long>> ticks = new LinkedHashMap<>();
        apps.forEach((app, process) -> ticks.put(app, threads(process.pid())));
        return new ThreadCpu(ticks);
    }

    private static Map<String, Long> threads(long pid) {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            threads.forEach(thread -> {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    // the name is between the first '(' and the last ')'; utime and stime are the 12th and 13th fields
                    // after it
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(
                            name.replaceAll("[0-9]+$", "#"),
                            Long.parseLong(fields[11]) + Long.parseLong(fields[12]),
                            Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended in between
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return ticks;
    }

    /** A line per app: its {@code top} busiest thread names since {@code earlier}, in cores over {@code seconds}. */
    String report(ThreadCpu earlier, double seconds, int top) {
        StringBuilder out = new StringBuilder();
        ticksByApp.forEach((app, ticks) -> {
            Map<String, Long> before = earlier.ticksByApp.getOrDefault(app, Map.of());
            out.append("  ").append(app).append(" threads:");
            ticks.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .limit(top)
                    .forEach(e -> out.append(
                            String.format(" %s %.2f,", e.getKey(), e.getValue() / TICKS_PER_SECOND / seconds)));
            out.setLength(out.length() - (out.charAt(out.length() - 1) == ',' ? 1 : 0));
            out.append('\n');
        });
        return out.toString();
    }
}
