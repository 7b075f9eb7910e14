package io.pluralign.engine.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.checkpoint.RandomCheckpoint;
import io.pluralign.engine.checkpoint.SafetensorsWriter;
import io.pluralign.engine.checkpoint.TensorDType;
import io.pluralign.engine.model.CausalLm;
import io.pluralign.engine.model.ForwardContext;
import io.pluralign.engine.model.ModelConfig;
import io.pluralign.engine.model.ModelFamilies;
import io.pluralign.engine.model.ModelFamily;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains a Llama-architecture model from scratch on a token stream: random windows of {@code context + 1} tokens,
 * next-token cross-entropy, AdamW. The same model code serves inference and training (DJL records the forward pass
 * for autograd), and the result is written as an ordinary Hugging Face folder.
 */
public final class LanguageModelTrainer {

    /** What a run produced. */
    public record Result(
            float trainLoss, float validationLoss, long parameters, long tokensSeen, int steps, double seconds) {}

    private LanguageModelTrainer() {}

    /**
     * @param tokens the tokenized corpus, examples concatenated; the last {@code validationFraction} is held out
     * @param out folder that receives config.json and model.safetensors (tokenizer files are the caller's)
     */
    public static Result train(
            int[] tokens,
            int vocab,
            int bosId,
            int eosId,
            TrainingConfig config,
            Path out,
            TensorDType dtype,
            Consumer<String> log)
            throws IOException {
        int validationStart = (int) (tokens.length * (1 - config.validationFraction()));
        if (validationStart < config.context() + 2 || tokens.length - validationStart < config.context() + 2) {
            throw new IllegalArgumentException(
                    "the corpus (" + tokens.length + " tokens) is too small for windows of " + config.context());
        }
        Files.createDirectories(out);
        Path init = Files.createTempDirectory("pluralign-init");
        new RandomCheckpoint(
                        "llama",
                        vocab,
                        config.hidden(),
                        config.layers(),
                        config.heads(),
                        config.kvHeads(),
                        config.ffn(),
                        config.context(),
                        true,
                        0,
                        config.seed())
                .write(init, TensorDType.F32);
        ObjectNode json = (ObjectNode) JsonMapper.builder()
                .build()
                .readTree(init.resolve("config.json").toFile());
        json.put("bos_token_id", bosId);
        json.put("eos_token_id", eosId);
        json.put(
                "torch_dtype",
                dtype == TensorDType.BF16 ? "bfloat16" : dtype == TensorDType.F16 ? "float16" : "float32");
        ModelFamily family = ModelFamilies.forArchitecture("LlamaForCausalLM");
        ModelConfig modelConfig = family.readConfig(json);
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(config.seed());
        try (NDManager manager = NDManager.newBaseManager();
                CausalLm model = family.load(modelConfig, Checkpoint.open(init).copying(), manager)) {
            List<NDArray> parameters = model.parameters();
            long parameterCount = 0;
            for (NDArray p : parameters) {
                p.setRequiresGradient(true);
                parameterCount += p.size();
            }
            log.accept("training " + modelConfig + " with " + parameterCount + " parameters on " + validationStart
                    + " tokens (" + (tokens.length - validationStart) + " held out)");
            float smoothed = Float.NaN;
            long forwardNanos = 0;
            long backwardNanos = 0;
            long updateNanos = 0;
            int skipped = 0;
            try (AdamW optimizer = new AdamW(manager, parameters, config.weightDecay(), 1f)) {
                for (int step = 0; step < config.steps(); step++) {
                    long[][] batch = windows(tokens, 0, validationStart, config, random);
                    float loss;
                    long t0 = System.nanoTime();
                    try (NDScope ignored = new NDScope();
                            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray value = loss(model, manager, batch, config.context());
                        loss = value.getFloat();
                        long t1 = System.nanoTime();
                        forwardNanos += t1 - t0;
                        collector.backward(value);
                        backwardNanos += System.nanoTime() - t1;
                    }
                    float gradientNorm;
                    float lr = config.learningRateAt(step);
                    long t2 = System.nanoTime();
                    try (NDScope ignored = new NDScope()) {
                        gradientNorm = optimizer.update(lr);
                    }
                    updateNanos += System.nanoTime() - t2;
                    if (!Float.isFinite(loss) || !Float.isFinite(gradientNorm)) {
                        skipped++;
                        log.accept(String.format(
                                "step %d/%d skipped: loss %s, gradient norm %s",
                                step + 1, config.steps(), loss, gradientNorm));
                        if (skipped > 10) {
                            throw new IllegalStateException("training diverged: more than 10 steps with a non-finite"
                                    + " loss or gradient; lower the learning rate");
                        }
                        continue;
                    }
                    smoothed = Float.isNaN(smoothed) ? loss : 0.95f * smoothed + 0.05f * loss;
                    if (step % 25 == 0 || step == config.steps() - 1) {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        double total = System.nanoTime() - started;
                        log.accept(String.format(
                                "step %d/%d loss %.4f (smoothed %.4f) lr %.2e grad-norm %.3f %.0f tokens/s"
                                        + " (time in forward %.0f%%, backward %.0f%%, update %.0f%%)",
                                step + 1,
                                config.steps(),
                                loss,
                                smoothed,
                                lr,
                                gradientNorm,
                                (double) (step + 1) * config.batch() * config.context() / seconds,
                                100 * forwardNanos / total,
                                100 * backwardNanos / total,
                                100 * updateNanos / total));
                    }
                }
            }
            float validation = validationLoss(model, manager, tokens, validationStart, config);
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            model.save(writer);
            writer.write(out.resolve("model.safetensors"), dtype);
            Files.writeString(out.resolve("config.json"), json.toPrettyString());
            double seconds = (System.nanoTime() - started) / 1e9;
            log.accept(String.format("done: validation loss %.4f, %.0f s", validation, seconds));
            return new Result(
                    smoothed,
                    validation,
                    parameterCount,
                    (long) config.steps() * config.batch() * config.context(),
                    config.steps(),
                    seconds);
        } finally {
            for (String f : new String[] {"config.json", "model.safetensors"}) {
                Files.deleteIfExists(init.resolve(f));
            }
            Files.deleteIfExists(init);
        }
    }

    /** Mean next-token cross-entropy of [batch][context + 1] windows, recorded for autograd. */
    static NDArray loss(CausalLm model, NDManager manager, long[][] windows, int context) {
        int b = windows.length;
        long[] inputs = new long[b * context];
        long[] targets = new long[b * context];
        long[][] positions = new long[b][context];
        for (int r = 0; r < b; r++) {
            System.arraycopy(windows[r], 0, inputs, r * context, context);
            System.arraycopy(windows[r], 1, targets, r * context, context);
            for (int i = 0; i < context; i++) {
                positions[r][i] = i;
            }
        }
        ForwardContext forward = ForwardContext.uncached(manager, positions);
        NDArray x = model.embed(manager.create(inputs, new Shape(b, context)), forward);
        for (int layer = 0; layer < model.config().numLayers(); layer++) {
            x = model.block(layer, x, forward);
        }
        NDArray logProbabilities = model.logits(x).logSoftmax(-1); // [batch, context, vocab]
        NDArray picked = logProbabilities.gather(manager.create(targets, new Shape(b, context, 1)), -1);
        return picked.neg().mean();
    }

    private static long[][] windows(int[] tokens, int from, int to, TrainingConfig config, SplittableRandom random) {
        long[][] batch = new long[config.batch()][config.context() + 1];
        for (int r = 0; r < batch.length; r++) {
            int start = from + random.nextInt(to - from - config.context() - 1);
            for (int i = 0; i <= config.context(); i++) {
                batch[r][i] = tokens[start + i];
            }
        }
        return batch;
    }

    /** Loss over consecutive held-out windows (up to 32 batches), without gradients. */
    private static float validationLoss(CausalLm model, NDManager manager, int[] tokens, int from, TrainingConfig c) {
        double total = 0;
        int batches = 0;
        int window = c.context() + 1;
        for (int start = from;
                start + c.batch() * window <= tokens.length && batches < 32;
                start += c.batch() * window) {
            long[][] batch = new long[c.batch()][window];
            for (int r = 0; r < c.batch(); r++) {
                for (int i = 0; i < window; i++) {
                    batch[r][i] = tokens[start + r * window + i];
                }
            }
            try (NDScope ignored = new NDScope()) {
                total += loss(model, manager, batch, c.context()).getFloat();
            }
            batches++;
        }
        return batches == 0 ? Float.NaN : (float) (total / batches);
    }
}
