package io.pluralign.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.engine.EngineOptions;
import io.pluralign.engine.GenerationEngine;
import io.pluralign.engine.GenerationRequest;
import io.pluralign.engine.LanguageModel;
import io.pluralign.engine.SamplingParams;
import io.pluralign.engine.TokenListener;
import io.pluralign.engine.checkpoint.TensorDType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageModelTrainerTest {

    @TempDir
    Path dir;

    private static final int[] CYCLE = {5, 17, 33, 8, 61, 42, 90, 11, 3};

    @Test
    void trainingOnACyclicCorpusLearnsTheCycleAndWritesALoadableFolder() throws Exception {
        int[] tokens = new int[4000];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = CYCLE[i % CYCLE.length];
        }
        TrainingConfig config = new TrainingConfig(32, 2, 2, 1, 64, 16, 8, 150, 10, 1e-2f, 0.01f, 0.1f, 7);
        List<String> log = new ArrayList<>();
        LanguageModelTrainer.Result result =
                LanguageModelTrainer.train(tokens, 97, 1, 2, config, dir.resolve("model"), TensorDType.BF16, log::add);
        assertThat(result.validationLoss()).isLessThan(0.3f);
        assertThat(log.get(0)).contains("parameters");
        try (LanguageModel model = LanguageModel.load(dir.resolve("model"));
                GenerationEngine engine =
                        new GenerationEngine(model, EngineOptions.defaults().withMaxLength(16))) {
            int[] generated = engine.submit(
                            new GenerationRequest(
                                    new int[] {CYCLE[0], CYCLE[1], CYCLE[2]}, SamplingParams.greedy(6), null),
                            TokenListener.NONE)
                    .result()
                    .get(60, TimeUnit.SECONDS)
                    .tokens();
            assertThat(generated).containsExactly(CYCLE[3], CYCLE[4], CYCLE[5], CYCLE[6], CYCLE[7], CYCLE[8]);
        }
    }
}
