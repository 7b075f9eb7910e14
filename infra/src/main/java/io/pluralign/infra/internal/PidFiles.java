package io.pluralign.infra.internal;

import io.pluralign.infra.LaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code var/pids}: one {@code <name>.pid} per running child process and {@code launcher.pid} for the launcher, each
 * holding the process id and its start time. A launcher that was killed (SIGKILL, a crash) cannot stop its children;
 * the next launcher finds their files and stops them before it starts anything.
 *
 * <p>A recorded process is only ever signalled when its start time still matches, so a process id the system has
 * since given to an unrelated process is left alone; and nothing is reaped while the launcher that recorded it runs.
 */
public final class PidFiles {
    /** The file of the launcher itself. */
    static final String LAUNCHER = "launcher";

    private static final Logger log = LoggerFactory.getLogger(PidFiles.class);
    private static final String SUFFIX = ".pid";
    /** Start times are read from {@code /proc} with clock-tick resolution; a reused pid starts much later. */
    private static final long START_TOLERANCE_MILLIS = 1_000;

    private final Path dir;

    public PidFiles(Path dir) {
        this.dir = dir;
    }

    /** One recorded process: its id and when it started. */
    record Entry(long pid, long startEpochMilli) {
        static Optional<Entry> of(ProcessHandle process) {
            return process.info().startInstant().map(start -> new Entry(process.pid(), start.toEpochMilli()));
        }

        /** The live process this entry names, or empty when it ended (or its id now belongs to another process). */
        Optional<ProcessHandle> live() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info()
                            .startInstant()
                            .map(Instant::toEpochMilli)
                            .map(start -> Math.abs(start - startEpochMilli) <= START_TOLERANCE_MILLIS)
                            .orElse(false));
        }

        String text() {
            return pid + " " + startEpochMilli + "\n";
        }

        static Optional<Entry> parse(String text) {
            String[] parts = text.strip().split("\\s+");
            try {
                return parts.length == 2
                        ? Optional.of(new Entry(Long.parseLong(parts[0]), Long.parseLong(parts[1])))
                        : Optional.empty();
            } catch (NumberFormatException garbled) {
                return Optional.empty();
            }
        }
    }

    /**
     * Stops the processes that a launcher of this folder which is no longer running left behind: SIGTERM to all of
     * them together, a kill to those that have not ended within {@code grace}. Reads only; creates nothing.
     *
     * @throws LaunchException when another launcher that is still running uses this folder
     */
    public void reapLeftovers(Duration grace) {
        Optional<ProcessHandle> launcher = read(LAUNCHER).flatMap(Entry::live);
        if (launcher.isPresent()
                && launcher.get().pid() != ProcessHandle.current().pid()) {
            throw new LaunchException("another Pluralign launcher (pid "
                    + launcher.get().pid() + ") is using " + dir.getParent() + "; stop it first");
        }
        if (launcher.isEmpty()) {
            reap(grace);
        }
    }

    /** Records this JVM as the launcher of the folder; see {@link #release}. */
    public void claim() {
        Entry.of(ProcessHandle.current()).ifPresent(self -> write(LAUNCHER, self));
    }

    /** Notes a started child under {@code name} (e.g. {@code postgres}, {@code gateway}). */
    public void record(String name, ProcessHandle process) {
        Entry.of(process).ifPresent(entry -> write(name, entry));
    }

    /** Forgets a child that was stopped. */
    public void forget(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            log.warn("could not delete {}: {}", file(name), e.getMessage());
        }
    }

    /** Forgets this launcher, once everything it started is stopped. */
    public void release() {
        forget(LAUNCHER);
    }

    private void reap(Duration grace) {
        List<Path> files = childFiles();
        if (files.isEmpty()) {
            return;
        }
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString().replace(SUFFIX, "");
            read(name).flatMap(Entry::live).ifPresent(process -> {
                log.warn("stopping {} (pid {}), left running by a launcher that did not stop it", name, process.pid());
                leftovers.add(process);
            });
        }
        leftovers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : leftovers) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                process.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                process.destroyForcibly();
                process.onExit()
                        .orTimeout(5, TimeUnit.SECONDS)
                        .exceptionally(timeout -> null)
                        .join();
            }
        }
        files.forEach(file -> forget(file.getFileName().toString().replace(SUFFIX, "")));
        forget(LAUNCHER);
    }

    private List<Path> childFiles() {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(LAUNCHER + SUFFIX)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
        return files;
    }

    private Optional<Entry> read(String name) {
        Path file = file(name);
        try {
            return Files.isRegularFile(file)
                    ? Entry.parse(Files.readString(file, StandardCharsets.US_ASCII))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private void write(String name, Entry entry) {
        Path file = file(name);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, name, ".tmp");
            Files.writeString(temp, entry.text(), StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private Path file(String name) {
        return dir.resolve(name + SUFFIX);
    }
}
