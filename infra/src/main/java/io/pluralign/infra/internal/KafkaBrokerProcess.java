package io.pluralign.infra.internal;

import io.pluralign.infra.LaunchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka broker (KRaft: broker and controller in one process) run as its own JVM from the Kafka jars on
 * the launcher's class path. Its data folder is formatted once and kept, so topics and records survive a restart.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final ManagedProcess process;
    private final int port;

    private KafkaBrokerProcess(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Writes {@code <kafkaDir>/server.properties}, formats {@code <kafkaDir>/data} unless it already holds a broker's
     * data, and starts the broker without waiting for it; see {@link #awaitReady}.
     */
    public static KafkaBrokerProcess launch(
            Path kafkaDir, int port, int controllerPort, List<String> jvmOpts, Path workDir, Path logFile) {
        Path dataDir = kafkaDir.resolve("data");
        Path config = kafkaDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, serverProperties(dataDir, port, controllerPort), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + config, e);
        }
        String classpath = JavaCommand.launcherClasspath();
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(config, classpath, jvmOpts, workDir, logFile);
        }
        ManagedProcess broker = ManagedProcess.start(
                "kafka",
                JavaCommand.java(
                        withBrokerLogging(jvmOpts), List.of("-cp", classpath, "kafka.Kafka", config.toString())),
                Map.of(),
                List.of(),
                workDir,
                logFile);
        return new KafkaBrokerProcess(broker, port);
    }

    private static void format(Path config, String classpath, List<String> jvmOpts, Path workDir, Path logFile) {
        ManagedProcess format = ManagedProcess.start(
                "kafka-storage-format",
                JavaCommand.java(
                        withBrokerLogging(jvmOpts),
                        List.of(
                                "-cp",
                                classpath,
                                "kafka.tools.StorageTool",
                                "format",
                                "-t",
                                Uuid.randomUuid().toString(),
                                "-c",
                                config.toString())),
                Map.of(),
                List.of(),
                workDir,
                logFile);
        try {
            if (!format.waitFor(FORMAT_TIMEOUT)) {
                format.stop(Duration.ZERO);
                throw new LaunchException("formatting the Kafka storage took longer than " + FORMAT_TIMEOUT.toSeconds()
                        + " s\n" + format.logReport(40));
            }
        } catch (InterruptedException e) {
            format.stop(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while formatting the Kafka storage", e);
        }
        if (format.exitValue() != 0) {
            throw new LaunchException("formatting the Kafka storage failed with exit code " + format.exitValue() + "\n"
                    + format.logReport(40));
        }
    }

    /** Waits until clients can talk to the broker; fails with its log if it exits or takes longer than {@code timeout}. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!acceptsConnections()) {
            requireAliveAndInTime(deadline, timeout);
            sleep(200);
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // the broker is still registering with its controller
                }
                requireAliveAndInTime(deadline, timeout);
                sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for Kafka", e);
        }
    }

    private void requireAliveAndInTime(long deadline, Duration timeout) {
        if (!process.isAlive()) {
            throw new LaunchException(
                    "Kafka exited with code " + process.exitValue() + " while starting\n" + process.logReport(40));
        }
        if (System.nanoTime() > deadline) {
            throw new LaunchException("Kafka did not accept connections on port " + port + " within "
                    + timeout.toSeconds() + " s\n" + process.logReport(40));
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public ManagedProcess process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM: the broker flushes its logs and shuts down in a controlled way; killed only if it hangs. */
    @Override
    public void close() {
        process.stop(STOP_GRACE);
    }

    static String serverProperties(Path dataDir, int port, int controllerPort) {
        String dir = dataDir.toAbsolutePath().toString().replace('\\', '/');
        return String.join(
                "\n",
                "# Written by the Pluralign launcher on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@localhost:" + controllerPort,
                "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir,
                "num.partitions=1",
                // Topics come from the contracts (TopicCreator) only: a typo in a topic name fails instead of
                // quietly creating a topic with the wrong partitions and cleanup policy.
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    /** slf4j-simple settings for the broker, so that its log file shows INFO with timestamps whatever the class path. */
    private static List<String> withBrokerLogging(List<String> jvmOpts) {
        List<String> opts = new ArrayList<>(jvmOpts);
        opts.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        opts.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");
        opts.add("-Dorg.slf4j.simpleLogger.logFile=System.out");
        opts.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        opts.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS");
        opts.add("-Dorg.slf4j.simpleLogger.showShortLogName=true");
        return opts;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for Kafka", e);
        }
    }
}
