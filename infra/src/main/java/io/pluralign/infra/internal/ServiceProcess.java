package io.pluralign.infra.internal;

import io.pluralign.infra.LaunchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A Spring Boot app run from its runnable jar as its own JVM, with its log in a file. */
public final class ServiceProcess {
    /** Spring's graceful shutdown lets requests in flight finish; after this the process is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final int LOG_LINES = 40;

    private final ManagedProcess process;
    private final int port;

    private ServiceProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** {@code java <jvmOpts> -jar <jar>}, with {@code env} on top of the launcher's environment. */
    public static ServiceProcess start(
            String name,
            Path jar,
            int port,
            List<String> jvmOpts,
            Map<String, String> env,
            List<String> envToRemove,
            Path workDir,
            Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new LaunchException(missingJarMessage(name, jar));
        }
        List<String> args = List.of("-jar", jar.toString());
        return new ServiceProcess(
                ManagedProcess.start(name, JavaCommand.java(jvmOpts, args), env, envToRemove, workDir, logFile), port);
    }

    public static String missingJarMessage(String name, Path jar) {
        return "the runnable jar of " + name + " is missing: " + jar + "\nBuild it with: ./mvnw -DskipTests package";
    }

    public String name() {
        return process.name();
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public ManagedProcess process() {
        return process;
    }

    /**
     * Waits until every app reports UP. Fails, naming the app and showing the end of its log, as soon as one exits or
     * the timeout passes, and as soon as {@code aborted} turns true (the platform is being closed).
     */
    public static void awaitAllUp(List<ServiceProcess> apps, Duration timeout, BooleanSupplier aborted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServiceProcess> pending = new ArrayList<>(apps);
        while (!pending.isEmpty()) {
            for (ServiceProcess app : List.copyOf(pending)) {
                if (aborted.getAsBoolean()) {
                    throw new LaunchException("startup aborted: the platform is shutting down");
                }
                if (!app.isAlive()) {
                    throw new LaunchException(app.name() + " exited with code " + app.process.exitValue()
                            + " before it became healthy.\n" + app.process.logReport(LOG_LINES));
                }
                if (HealthProbe.isUp(app.url())) {
                    pending.remove(app);
                } else if (System.nanoTime() > deadline) {
                    throw new LaunchException(app.name() + " did not report UP on " + app.url()
                            + "/actuator/health within " + timeout.toSeconds() + " s.\n"
                            + app.process.logReport(LOG_LINES));
                }
            }
            if (!pending.isEmpty()) {
                sleep(500);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for the apps to start", e);
        }
    }
}
