package io.pluralign.engine.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.EngineOptions;
import io.pluralign.engine.Generation;
import io.pluralign.engine.GenerationEngine;
import io.pluralign.engine.GenerationRequest;
import io.pluralign.engine.LanguageModel;
import io.pluralign.engine.Pooling;
import io.pluralign.engine.SamplingParams;
import io.pluralign.engine.Steering;
import io.pluralign.engine.TokenListener;
import io.pluralign.engine.chat.ChatMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the committed bundled model: a steering vector computed from contrast texts for one style axis moves generated
 * text along that axis, as an independent lexicon scorer sees it, in both directions.
 */
class BundledModelSteeringTest {

    static final Path BUNDLED = Path.of("../../models/pluralign-mini");
    private static final int PROMPTS = 16;

    private static LanguageModel model;
    private static GenerationEngine engine;

    @BeforeAll
    static void load() {
        model = LanguageModel.load(BUNDLED);
        engine = new GenerationEngine(model, EngineOptions.defaults().withMaxLength(256));
    }

    @AfterAll
    static void close() {
        engine.close();
        model.close();
    }

    @Test
    void theBundledModelAnswersInItsChatFormat() throws Exception {
        List<String> answers = generate(0, null);
        for (String answer : answers) {
            assertThat(answer).isNotBlank().doesNotContain("<|");
        }
        assertThat(answers.stream().distinct().count()).isGreaterThan(PROMPTS / 2);
    }

    @Test
    void aFormalityVectorFromContrastTextsMovesAnswersTowardEitherPole() throws Exception {
        assertSteersAlong(StyleAxis.FORMALITY);
    }

    private static void assertSteersAlong(StyleAxis axis) throws Exception {
        Steering vector = contrastVector(axis);
        double plain = meanScore(axis, generate(0, null));
        double up = meanScore(axis, generate(0, vector));
        double down = meanScore(axis, generate(0, vector.scaled(-1)));
        System.out.printf("%s: steered down %.3f, unsteered %.3f, steered up %.3f%n", axis, down, plain, up);
        assertThat(up)
                .as("%s score steered toward %s (unsteered %.3f)", axis, axis.poleName(1), plain)
                .isGreaterThan(plain + 0.1);
        assertThat(down)
                .as("%s score steered toward %s (unsteered %.3f)", axis, axis.poleName(-1), plain)
                .isLessThan(plain - 0.1);
    }

    /**
     * Mean difference of activations (positive minus negative answer to the same question), each mean-pooled over its
     * answer's tokens, at every block after the first; applied to generated tokens, four times that difference.
     */
    static Steering contrastVector(StyleAxis axis) {
        int[] layers = {1, 2, 3};
        int assistant = model.tokenizer().tokenId(ChatFormat.ASSISTANT);
        int h = model.config().hiddenSize();
        float[][] diff = new float[layers.length][h];
        int pairs = 0;
        for (CorpusGenerator.ContrastPair pair : new CorpusGenerator(1234).contrastPairs(axis, 64)) {
            int[] pos = model.tokenizer().encode(pair.positiveChat());
            int[] neg = model.tokenizer().encode(pair.negativeChat());
            if (pos.length > model.config().maxPositions()
                    || neg.length > model.config().maxPositions()) {
                continue;
            }
            float[][] up = model.capture(List.of(pos), layers, Pooling.mean(answerStart(pos, assistant), 0))[0];
            float[][] down = model.capture(List.of(neg), layers, Pooling.mean(answerStart(neg, assistant), 0))[0];
            for (int l = 0; l < layers.length; l++) {
                for (int i = 0; i < h; i++) {
                    diff[l][i] += up[l][i] - down[l][i];
                }
            }
            pairs++;
        }
        TreeMap<Integer, float[]> vectors = new TreeMap<>();
        for (int l = 0; l < layers.length; l++) {
            for (int i = 0; i < h; i++) {
                diff[l][i] /= pairs;
            }
            vectors.put(layers[l], diff[l]);
        }
        return new Steering(vectors, Steering.Scope.GENERATED).scaled(4f);
    }

    /** Index of the first answer token: after the last {@code <|assistant|>} and its newline. */
    private static int answerStart(int[] tokens, int assistant) {
        for (int i = tokens.length - 1; i >= 0; i--) {
            if (tokens[i] == assistant) {
                return i + 2;
            }
        }
        throw new IllegalStateException("no assistant turn in the contrast text");
    }

    static List<String> generate(long seed, Steering steering) throws Exception {
        CorpusGenerator questions = new CorpusGenerator(99);
        List<Generation> running = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            CorpusGenerator.Example example = questions.example(i, CorpusGenerator.Style.neutral());
            int[] prompt =
                    model.encodeChat(List.of(ChatMessage.system(example.system()), ChatMessage.user(example.user())));
            running.add(engine.submit(
                    new GenerationRequest(prompt, SamplingParams.sampled(0.7f, seed + i, 120), steering),
                    TokenListener.NONE));
        }
        List<String> answers = new ArrayList<>();
        for (Generation g : running) {
            answers.add(g.result().get(120, TimeUnit.SECONDS).text());
        }
        return answers;
    }

    static double meanScore(StyleAxis axis, List<String> texts) {
        return texts.stream()
                .mapToDouble(t -> StyleLexicon.score(axis, t))
                .average()
                .orElseThrow();
    }
}
