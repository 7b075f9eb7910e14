package io.pluralign.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.LanguageModel;
import io.pluralign.engine.checkpoint.TensorDType;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Our engine's logits against an independent implementation (Jlama 0.8.4, pure Java, no shared code) on tiny random
 * checkpoints of every supported family, at every position of every sequence. The reference numbers are committed
 * fixtures (see {@link ReferenceFixture} and tools/jlama-reference/README.md); this test needs neither Jlama nor Java
 * 21+.
 */
class ReferenceLogitsTest {

    /** Absolute tolerance on raw logits. */
    static final double TOLERANCE = 1e-4;

    static List<String> fixtures() {
        return ReferenceFixture.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void logitsMatchTheReferenceAtEveryPosition(String name, @TempDir Path dir) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        assertThat(fixture.output()).as("what the fixture holds").isEqualTo("logits");
        Difference worst = compare(fixture, fixture.writeCheckpoint(dir.resolve(name)));
        System.out.printf("reference %-24s max |ours - jlama| = %.3g (%s)%n", name, worst.value, worst.where);
        assertThat(worst.value)
                .as("%s (%s): max |ours - reference| at %s", name, fixture.description(), worst.where)
                .isNotNaN()
                .isLessThanOrEqualTo(TOLERANCE);
    }

    /** The cases cover every family, both reduced-precision dtypes, GQA, tied and untied heads. */
    @Test
    void theFixturesCoverWhatTheEngineSupports() {
        List<ReferenceFixture> all =
                fixtures().stream().map(ReferenceFixture::load).collect(Collectors.toList());
        assertThat(all.stream().map(f -> f.spec().family()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("llama", "qwen2", "mistral", "gpt2");
        Set<TensorDType> dtypes = all.stream().map(ReferenceFixture::dtype).collect(Collectors.toSet());
        assertThat(dtypes).containsExactlyInAnyOrder(TensorDType.F32, TensorDType.F16, TensorDType.BF16);
        assertThat(all)
                .anyMatch(f -> !f.spec().family().equals("gpt2")
                        && f.spec().kvHeads() < f.spec().heads())
                .anyMatch(f -> f.spec().tied() && !f.spec().family().equals("gpt2"))
                .anyMatch(f -> !f.spec().tied())
                .anyMatch(f -> f.configEdits().has("rope_scaling"))
                .anyMatch(f -> f.spec().slidingWindow() > 0 && f.spec().slidingWindow() < maxLength(f.sequences()));
        for (ReferenceFixture f : all) {
            assertThat(f.reference().length).as(f.name()).isEqualTo(f.sequences().length);
            for (int s = 0; s < f.sequences().length; s++) {
                assertThat(f.reference()[s].length).as(f.name()).isEqualTo(f.sequences()[s].length);
                for (float[] row : f.reference()[s]) {
                    assertThat(row).as(f.name()).hasSize(f.spec().vocab());
                }
            }
        }
    }

    /**
     * The tolerance is tight enough to see the features the cases exercise: without them the same comparison fails.
     * (The random weights are small, so logits are O(0.1-1) and attention is soft; a check that these differences stay
     * well above the tolerance keeps the test meaningful.)
     */
    @Test
    void leavingOutAFeatureTheFixtureUsesBreaksTheMatch(@TempDir Path dir) {
        ObjectNode noScaling = JsonMapper.builder().build().createObjectNode().putNull("rope_scaling");
        ObjectNode noWindow = JsonMapper.builder().build().createObjectNode().putNull("sliding_window");
        ObjectNode asLlama = JsonMapper.builder().build().createObjectNode();
        asLlama.putArray("architectures").add("LlamaForCausalLM");
        assertBreaks("llama-mqa-rope-linear", noScaling, dir);
        assertBreaks("mistral-window6-1layer", noWindow, dir);
        assertBreaks("qwen2-gqa-tied", asLlama, dir); // the Llama reader ignores the q/k/v biases
    }

    private static void assertBreaks(String name, ObjectNode edits, Path dir) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        Difference d = compare(fixture, fixture.writeCheckpoint(dir.resolve(name + "-altered"), edits));
        System.out.printf("reference %-24s altered by %s: max |ours - jlama| = %.3g%n", name, edits, d.value);
        assertThat(d.value).as("%s altered by %s", name, edits).isNotNaN().isGreaterThan(5 * TOLERANCE);
    }

    /** Largest |ours - reference| over every sequence, position and vocabulary entry. */
    static Difference compare(ReferenceFixture fixture, Path checkpoint) {
        Difference worst = new Difference();
        try (LanguageModel model = LanguageModel.load(checkpoint)) {
            for (int s = 0; s < fixture.sequences().length; s++) {
                int[] tokens = fixture.sequences()[s];
                float[][] ours = model.logits(tokens);
                float[][] reference = fixture.reference()[s];
                assertThat(ours.length).isEqualTo(reference.length);
                for (int p = 0; p < tokens.length; p++) {
                    assertThat(ours[p]).hasSameSizeAs(reference[p]);
                    for (int v = 0; v < ours[p].length; v++) {
                        double d = Math.abs((double) ours[p][v] - reference[p][v]);
                        if (!Double.isNaN(worst.value) && (Double.isNaN(d) || d > worst.value)) { // NaN is worst
                            worst.value = d;
                            worst.where = "sequence " + s + " (length " + tokens.length + "), position " + p
                                    + ", token " + v + ": ours " + ours[p][v] + ", reference " + reference[p][v];
                        }
                    }
                }
            }
        }
        return worst;
    }

    private static int maxLength(int[][] sequences) {
        int max = 0;
        for (int[] s : sequences) {
            max = Math.max(max, s.length);
        }
        return max;
    }

    static final class Difference {
        double value;
        String where = "nowhere";
    }
}
