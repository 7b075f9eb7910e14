package io.pluralign.engine.bundled;

import io.pluralign.engine.TextTokenizer;
import io.pluralign.engine.checkpoint.TensorDType;
import io.pluralign.engine.training.LanguageModelTrainer;
import io.pluralign.engine.training.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the bundled model from nothing, reproducibly: generates the style corpus and trains its byte-level BPE tokenizer
 * ({@link BundledDataMain}), tokenizes the corpus, trains a small Llama on it with DJL on the CPU, and writes a standard
 * Hugging Face folder (config.json, generation_config.json, model.safetensors in BF16, tokenizer.json,
 * tokenizer_config.json, README.md with the command, seed, corpus statistics and losses).
 *
 * <p>From the repository root: {@code bench/train-bundled-model} (see the README it writes for the exact arguments).
 */
public final class BundledModelMain {

    private BundledModelMain() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        // Relative paths are relative to the repository root (Maven runs this from the module's folder).
        Path root = Path.of(System.getProperty("pluralign.root", "."));
        Path out = root.resolve(a.getOrDefault("out", "models/pluralign-mini"));
        Path work = root.resolve(a.getOrDefault("work", "libs/inference-engine/target/bundled-data"));
        long seed = Long.parseLong(a.getOrDefault("seed", "7"));
        int context = Integer.parseInt(a.getOrDefault("context", "256"));
        BundledDataMain.Options data = new BundledDataMain.Options(
                work,
                seed,
                Integer.parseInt(a.getOrDefault("examples", "10000")),
                Integer.parseInt(a.getOrDefault("vocab", "2048")),
                Integer.parseInt(a.getOrDefault("pairs", "200")),
                context);
        TrainingConfig config = new TrainingConfig(
                Integer.parseInt(a.getOrDefault("hidden", "192")),
                Integer.parseInt(a.getOrDefault("layers", "4")),
                Integer.parseInt(a.getOrDefault("heads", "6")),
                Integer.parseInt(a.getOrDefault("kv-heads", "2")),
                Integer.parseInt(a.getOrDefault("ffn", "512")),
                context,
                Integer.parseInt(a.getOrDefault("batch", "16")),
                Integer.parseInt(a.getOrDefault("steps", "1500")),
                Integer.parseInt(a.getOrDefault("warmup", "60")),
                Float.parseFloat(a.getOrDefault("lr", "3e-3")),
                0.05f,
                0.02f,
                seed);
        List<String> log = new ArrayList<>();
        BundledDataMain.Result corpus = BundledDataMain.run(data);
        say(
                log,
                String.format(
                        Locale.ROOT,
                        "corpus: %d examples, %.2f MB, %d word types, %d distinct answers",
                        corpus.stats().examples(),
                        corpus.stats().bytes() / 1e6,
                        corpus.stats().wordTypes(),
                        corpus.stats().distinctAnswers()));
        int[] tokens;
        int vocab;
        int bos;
        int end;
        try (TextTokenizer tokenizer = TextTokenizer.load(work)) {
            tokens = tokenize(tokenizer, Files.readString(work.resolve("corpus.txt")));
            vocab = corpus.tokenizer().vocabSize();
            bos = tokenizer.tokenId(ChatFormat.BOS);
            end = tokenizer.tokenId(ChatFormat.END);
        }
        say(
                log,
                String.format(
                        Locale.ROOT,
                        "tokens: %d (%.2f characters per token), vocabulary %d",
                        tokens.length,
                        corpus.stats().bytes() / (double) tokens.length,
                        vocab));
        LanguageModelTrainer.Result result = LanguageModelTrainer.train(
                tokens, vocab, bos, end, config, out, TensorDType.BF16, line -> say(log, line));
        for (String file : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
            Files.copy(work.resolve(file), out.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        int eos = -1;
        try (TextTokenizer tokenizer = TextTokenizer.load(work)) {
            eos = tokenizer.tokenId(ChatFormat.EOS);
        }
        Files.writeString(
                out.resolve("generation_config.json"),
                "{\n  \"bos_token_id\": " + bos
                        + ",\n  \"eos_token_id\": [" + end + ", " + eos
                        + "],\n  \"do_sample\": true,\n  \"temperature\": 0.8,\n"
                        + "  \"top_p\": 0.95\n}\n");
        Files.writeString(
                out.resolve("README.md"), readme(args, seed, corpus, tokens.length, vocab, config, result, log));
    }

    private static int[] tokenize(TextTokenizer tokenizer, String corpus) {
        // One conversation per chunk of lines keeps each encode call small.
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        int from = 0;
        while (from < corpus.length()) {
            int to = corpus.indexOf(ChatFormat.BOS, from + 1);
            to = to < 0 ? corpus.length() : to;
            int[] ids = tokenizer.encode(corpus.substring(from, to));
            parts.add(ids);
            total += ids.length;
            from = to;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static void say(List<String> log, String line) {
        System.out.println(line);
        log.add(line);
    }

    private static String readme(
            String[] args,
            long seed,
            BundledDataMain.Result corpus,
            int tokens,
            int vocab,
            TrainingConfig c,
            LanguageModelTrainer.Result r,
            List<String> log) {
        StringBuilder s = new StringBuilder();
        s.append("# pluralign-mini\n\n")
                .append("The platform's bundled model: a small Llama-architecture model trained from scratch on CPU by")
                .append(
                        " the project itself, on a generated chat corpus whose answers vary in style along the Big Five")
                .append(" traits, formality, sentiment and verbosity (`io.pluralign.engine.bundled.CorpusGenerator`).")
                .append(
                        " It exists so that the platform runs anywhere on two cores and so that activation steering has")
                .append(" known axes to move; it knows nothing beyond its corpus.\n\n")
                .append("## How it was made\n\n```bash\nbench/train-bundled-model");
        for (String arg : args) {
            s.append(' ').append(arg);
        }
        s.append("\n```\n\n")
                .append(String.format(Locale.ROOT, "- seed %d; made %s%n", seed, Instant.now()))
                .append(String.format(
                        Locale.ROOT,
                        "- corpus: %d conversations, %.2f MB, %d word types, %d distinct"
                                + " answers; %d tokens with a %d-token byte-level BPE vocabulary%n",
                        corpus.stats().examples(),
                        corpus.stats().bytes() / 1e6,
                        corpus.stats().wordTypes(),
                        corpus.stats().distinctAnswers(),
                        tokens,
                        vocab))
                .append(String.format(
                        Locale.ROOT,
                        "- model: hidden %d, %d layers, %d heads over %d key/value heads,"
                                + " FFN %d, context %d, tied embeddings; %.2fM parameters, stored as BF16%n",
                        c.hidden(),
                        c.layers(),
                        c.heads(),
                        c.kvHeads(),
                        c.ffn(),
                        c.context(),
                        r.parameters() / 1e6))
                .append(String.format(
                        Locale.ROOT,
                        "- training: %d steps of %d windows x %d tokens (%.1fM tokens),"
                                + " AdamW peak lr %.1e, %d warmup steps then cosine; %.0f minutes on %d CPU cores%n",
                        r.steps(),
                        c.batch(),
                        c.context(),
                        r.tokensSeen() / 1e6,
                        c.learningRate(),
                        c.warmupSteps(),
                        r.seconds() / 60,
                        Runtime.getRuntime().availableProcessors()))
                .append(String.format(
                        Locale.ROOT,
                        "- final loss: training %.3f (smoothed), held-out %.3f%n%n",
                        r.trainLoss(),
                        r.validationLoss()))
                .append("Chat format: `<|bos|><|system|>\\n...<|end|>\\n<|user|>\\n...<|end|>\\n<|assistant|>\\n`")
                .append(" (the Jinja template in tokenizer_config.json); generation stops at `<|end|>`.\n\n")
                .append("## Training log\n\n```\n");
        log.forEach(line -> s.append(line).append('\n'));
        return s.append("```\n").toString();
    }
}
