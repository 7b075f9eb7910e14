package io.pluralign.infra.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output goes to a log file, and which stops politely: SIGTERM first, then, after a grace
 * period, a forced kill of it and everything it started.
 */
public final class ManagedProcess {
    private final String name;
    private final Process process;
    private final Path logFile;
    private volatile List<ProcessHandle> descendants = List.of();

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir}, appending its stdout and stderr to {@code logFile}.
     *
     * @param env variables to set on top of the launcher's environment
     * @param envToRemove variables of the launcher's environment that the child must not see
     */
    public static ManagedProcess start(
            String name,
            List<String> command,
            Map<String, String> env,
            List<String> envToRemove,
            Path workDir,
            Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.writeString(
                    logFile,
                    "\n==== " + Instant.now() + " starting " + name + ": " + String.join(" ", command) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            envToRemove.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            return new ManagedProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code; only meaningful once {@link #isAlive()} is false. */
    public int exitValue() {
        return process.exitValue();
    }

    /** Waits for the process to end by itself; true if it did within {@code timeout}. */
    public boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Completes when the process ends, for whatever reason. */
    public java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Sends SIGTERM (a graceful stop for the JVM and for Kafka) without waiting. */
    public void requestStop() {
        if (process.isAlive()) {
            descendants = process.descendants().toList();
            process.destroy();
        }
    }

    /**
     * Waits up to {@code grace} for the process to end after {@link #requestStop()}, then kills it and its
     * descendants. Returns true when it ended by itself.
     */
    public boolean awaitStop(Duration grace) {
        boolean graceful;
        try {
            graceful = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            graceful = false;
        }
        if (!graceful) {
            descendants = process.descendants().toList();
            process.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return graceful;
    }

    public boolean stop(Duration grace) {
        requestStop();
        return awaitStop(grace);
    }

    /** The last lines of this process's log, formatted for a failure message. */
    public String logReport(int lines) {
        return LogTail.report(logFile, lines);
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
