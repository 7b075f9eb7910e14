package io.pluralign.engine.bundled;

import io.pluralign.engine.bundled.CorpusGenerator.ContrastPair;
import io.pluralign.engine.bundled.CorpusGenerator.Example;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the bundled model's training data and tokenizer into one folder: {@code corpus.txt} (the chat-format training
 * text), {@code corpus-stats.json}, {@code contrast-pairs.json}, {@code tokenizer.json} and
 * {@code tokenizer_config.json}.
 *
 * <p>From the repository root:
 *
 * <pre>{@code
 * ./mvnw -o -q -pl libs/inference-engine compile exec:java \
 *     -Dexec.mainClass=io.pluralign.engine.bundled.BundledDataMain \
 *     -Dexec.args="--out libs/inference-engine/target/bundled-data --seed 7 --examples 10000 --vocab 4096"
 * }</pre>
 *
 * <p>Options (all optional but {@code --out}): {@code --seed} (default 7), {@code --examples} (default 10000),
 * {@code --vocab} tokenizer vocabulary size, special tokens included (default 4096), {@code --pairs} contrast pairs per
 * axis (default 200), {@code --context} the {@code model_max_length} written to {@code tokenizer_config.json}
 * (default 1024). The same arguments give byte-identical files.
 */
public final class BundledDataMain {
    private BundledDataMain() {}

    /** Parsed command line. */
    record Options(Path out, long seed, int examples, int vocab, int pairs, int context) {
        static Options parse(String... args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --name value pairs, got: " + a);
                }
                values.put(a.substring(2), args[++i]);
            }
            String out = values.remove("out");
            if (out == null) {
                throw new IllegalArgumentException("--out FOLDER is required");
            }
            Options o = new Options(
                    Path.of(out),
                    Long.parseLong(values.getOrDefault("seed", "7")),
                    Integer.parseInt(values.getOrDefault("examples", "10000")),
                    Integer.parseInt(
                            values.getOrDefault("vocab", Integer.toString(ByteLevelBpeTrainer.DEFAULT_VOCAB_SIZE))),
                    Integer.parseInt(values.getOrDefault("pairs", "200")),
                    Integer.parseInt(values.getOrDefault("context", "1024")));
            values.keySet().removeAll(List.of("seed", "examples", "vocab", "pairs", "context"));
            if (!values.isEmpty()) {
                throw new IllegalArgumentException("unknown options: " + values.keySet());
            }
            return o;
        }
    }

    /** What one run wrote, for the caller to report. */
    record Result(CorpusFiles.Stats stats, ByteLevelBpeTrainer.Tokenizer tokenizer, long tokenizerMillis) {}

    static Result run(Options o) throws IOException {
        java.nio.file.Files.createDirectories(o.out());
        CorpusGenerator generator = new CorpusGenerator(o.seed());
        List<Example> examples = generator.examples(o.examples());
        CorpusFiles.writeChatText(examples, o.out().resolve("corpus.txt"));
        CorpusFiles.Stats stats = CorpusFiles.stats(examples);
        CorpusFiles.writeStats(stats, o.seed(), o.out().resolve("corpus-stats.json"));

        Map<StyleAxis, List<ContrastPair>> pairs = new LinkedHashMap<>();
        for (StyleAxis axis : StyleAxis.values()) {
            pairs.put(axis, generator.contrastPairs(axis, o.pairs()));
        }
        CorpusFiles.writeContrastPairs(pairs, o.seed(), o.out().resolve("contrast-pairs.json"));

        long start = System.nanoTime();
        ByteLevelBpeTrainer trainer = new ByteLevelBpeTrainer(o.vocab());
        for (Example e : examples) {
            trainer.add(e.chatText());
        }
        ByteLevelBpeTrainer.Tokenizer tokenizer = trainer.train();
        long millis = (System.nanoTime() - start) / 1_000_000;
        tokenizer.write(o.out(), o.context());
        return new Result(stats, tokenizer, millis);
    }

    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: BundledDataMain --out FOLDER [--seed 7] [--examples 10000] [--vocab 4096]"
                    + " [--pairs 200] [--context 1024]");
            System.exit(2);
            return;
        }
        Result r = run(o);
        CorpusFiles.Stats s = r.stats();
        System.out.printf(
                Locale.ROOT,
                "wrote %s: %d examples, %.2f MB, %d word types, %d distinct answers; tokenizer %d ids (%d merges)"
                        + " trained in %.1f s%n",
                o.out(),
                s.examples(),
                s.bytes() / 1e6,
                s.wordTypes(),
                s.distinctAnswers(),
                r.tokenizer().vocabSize(),
                r.tokenizer().mergeCount(),
                r.tokenizerMillis() / 1000.0);
    }
}
