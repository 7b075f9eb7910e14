package io.pluralign.engine.bundled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BundledDataMainTest {
    private static final List<String> FILES = List.of(
            "corpus.txt", "corpus-stats.json", "contrast-pairs.json", "tokenizer.json", "tokenizer_config.json");

    @TempDir
    Path dir;

    private static BundledDataMain.Options options(Path out) {
        return BundledDataMain.Options.parse(
                "--out", out.toString(), "--seed", "3", "--examples", "300", "--vocab", "600", "--pairs", "4");
    }

    @Test
    void writesAllFilesAndTheSameArgumentsGiveTheSameBytes() throws IOException {
        BundledDataMain.run(options(dir.resolve("a")));
        BundledDataMain.run(options(dir.resolve("b")));
        for (String f : FILES) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(f)))
                    .as(f)
                    .isNotEmpty()
                    .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(f)));
        }

        Path a = dir.resolve("a");
        String corpus = Files.readString(a.resolve("corpus.txt"));
        assertThat(corpus).startsWith("<|bos|><|system|>\n").endsWith("<|end|>\n");
        assertThat(corpus.split("<\\|bos\\|>", -1)).hasSize(301);

        JsonMapper mapper = JsonMapper.builder().build();
        JsonNode stats = mapper.readTree(a.resolve("corpus-stats.json")).get("stats");
        assertThat(stats.get("examples").asInt()).isEqualTo(300);
        assertThat(stats.get("characters").asLong()).isEqualTo(corpus.length());
        assertThat(stats.get("labels").get("extraversion").get("high").asInt()).isPositive();

        JsonNode pairs = mapper.readTree(a.resolve("contrast-pairs.json")).get("concepts");
        assertThat(pairs.size()).isEqualTo(StyleAxis.values().length);
        assertThat(pairs.get(0).get("concept").asString()).isEqualTo("trait.openness");
        assertThat(pairs.get(0).get("pairs").size()).isEqualTo(4);
        JsonNode first = pairs.get(0).get("pairs").get(0);
        assertThat(first.get("positive").asString())
                .isNotEqualTo(first.get("negative").asString());

        JsonNode vocab =
                mapper.readTree(a.resolve("tokenizer.json")).get("model").get("vocab");
        assertThat(vocab.size()).isEqualTo(600);
    }

    @Test
    void rejectsUnknownOrMissingOptions() {
        assertThatThrownBy(() -> BundledDataMain.Options.parse("--seed", "1")).hasMessageContaining("--out");
        assertThatThrownBy(() -> BundledDataMain.Options.parse("--out", "x", "--exmaples", "5"))
                .hasMessageContaining("exmaples");
    }
}
