package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

    @TempDir
    Path dir;

    @Test
    void returnsTheLastLinesOfALargeLog() throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(
                log, IntStream.rangeClosed(1, 20_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")));

        assertThat(LogTail.lastLines(log, 40))
                .hasSize(40)
                .startsWith("line 19961")
                .endsWith("line 20000");
        assertThat(LogTail.report(log, 2)).isEqualTo("Last 2 lines of " + log + ":\n  | line 19999\n  | line 20000");
    }

    @Test
    void aMissingLogSaysSo() {
        assertThat(LogTail.lastLines(dir.resolve("none.log"), 40)).isEmpty();
        assertThat(LogTail.report(dir.resolve("none.log"), 40)).endsWith("none.log is empty.");
    }
}
