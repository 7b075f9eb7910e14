package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.infra.LaunchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reaping what a killed launcher left running, with real processes standing in for its children. */
class PidFilesTest {
    private static final Duration GRACE = Duration.ofSeconds(2);

    @TempDir
    Path var;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void childrenOfALauncherThatIsGoneAreStoppedAndForgotten() throws Exception {
        PidFiles pids = new PidFiles(var.resolve("pids"));
        Process gateway = start("sleep", "300");
        Process stubborn = start("sh", "-c", "trap '' TERM; exec sleep 300");
        writeDeadLauncher();
        pids.record("gateway", gateway.toHandle());
        pids.record("kafka", stubborn.toHandle());

        pids.reapLeftovers(GRACE);

        assertThat(gateway.waitFor(5, TimeUnit.SECONDS)).as("SIGTERM").isTrue();
        assertThat(stubborn.waitFor(5, TimeUnit.SECONDS))
                .as("killed after the grace period")
                .isTrue();
        assertThat(files()).isEmpty();
    }

    @Test
    void aLauncherFileMissingAltogetherStillLetsLeftoversBeReaped() throws Exception {
        PidFiles pids = new PidFiles(var.resolve("pids"));
        Process app = start("sleep", "300");
        pids.record("reward-service", app.toHandle());

        pids.reapLeftovers(GRACE);

        assertThat(app.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aProcessIdNowUsedByAnotherProcessIsLeftAlone() throws Exception {
        Process unrelated = start("sleep", "300");
        Files.createDirectories(var.resolve("pids"));
        long startedLongBefore =
                unrelated.toHandle().info().startInstant().orElseThrow().toEpochMilli() - 3_600_000;
        Files.writeString(var.resolve("pids/gateway.pid"), unrelated.pid() + " " + startedLongBefore + "\n");

        new PidFiles(var.resolve("pids")).reapLeftovers(GRACE);

        assertThat(unrelated.isAlive()).isTrue();
        assertThat(files()).isEmpty();
    }

    @Test
    void nothingIsReapedWhileAnotherLauncherOfTheFolderRuns() throws Exception {
        PidFiles pids = new PidFiles(var.resolve("pids"));
        Process otherLauncher = start("sleep", "300");
        Process itsChild = start("sleep", "300");
        pids.record(PidFiles.LAUNCHER, otherLauncher.toHandle());
        pids.record("gateway", itsChild.toHandle());

        assertThatThrownBy(() -> pids.reapLeftovers(GRACE))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("another Pluralign launcher (pid " + otherLauncher.pid() + ")");

        assertThat(itsChild.isAlive()).isTrue();
        assertThat(files()).contains("launcher.pid", "gateway.pid");
    }

    @Test
    void aPlatformInThisJvmKeepsItsChildren() throws Exception {
        PidFiles pids = new PidFiles(var.resolve("pids"));
        Process child = start("sleep", "300");
        pids.claim();
        pids.record("gateway", child.toHandle());

        pids.reapLeftovers(GRACE);

        assertThat(child.isAlive()).isTrue();
        pids.forget("gateway");
        pids.release();
        assertThat(files()).isEmpty();
    }

    @Test
    void noFolderNoWork() {
        new PidFiles(var.resolve("pids")).reapLeftovers(GRACE);

        assertThat(var.resolve("pids")).doesNotExist();
    }

    private Process start(String... command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    /** A launcher file naming a process that has ended, as a killed launcher leaves it. */
    private void writeDeadLauncher() throws Exception {
        Process process = start("sleep", "300");
        // The start time is read while it runs, as the launcher recorded its own.
        PidFiles.Entry entry = PidFiles.Entry.of(process.toHandle()).orElseThrow();
        process.destroyForcibly().waitFor();
        Files.createDirectories(var.resolve("pids"));
        Files.writeString(var.resolve("pids/launcher.pid"), entry.text());
    }

    private List<String> files() throws Exception {
        try (Stream<Path> files = Files.list(var.resolve("pids"))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }
}
