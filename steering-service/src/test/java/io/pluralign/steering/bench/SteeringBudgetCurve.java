package io.pluralign.steering.bench;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.Vectors;
import io.pluralign.engine.EngineOptions;
import io.pluralign.engine.Generation;
import io.pluralign.engine.GenerationEngine;
import io.pluralign.engine.GenerationRequest;
import io.pluralign.engine.LanguageModel;
import io.pluralign.engine.SamplingParams;
import io.pluralign.engine.Steering;
import io.pluralign.engine.TokenListener;
import io.pluralign.engine.bundled.ChatFormat;
import io.pluralign.engine.bundled.CorpusGenerator;
import io.pluralign.engine.bundled.StyleAxis;
import io.pluralign.engine.bundled.StyleLexicon;
import io.pluralign.engine.chat.ChatMessage;
import io.pluralign.steering.domain.ActivationReader;
import io.pluralign.steering.domain.BuiltInConcepts;
import io.pluralign.steering.domain.ConceptComputer;
import io.pluralign.steering.domain.ConceptDefinition;
import io.pluralign.steering.domain.ConceptVectors;
import io.pluralign.steering.domain.ResidualNorms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * How steering's norm trades fluency for effect on the bundled model, to choose the norm budget: for each budget
 * fraction f, every steerable concept is applied (each sign) at norm f x the typical residual norm on its chosen
 * layers, and we measure (1) the perplexity of held-out corpus answers under that steering, and (2) how far
 * generated answers move along the concept by the bundled lexicon scorer (positive minus negative steering).
 *
 * <pre>{@code bench/steering-budget}</pre>
 */
public final class SteeringBudgetCurve {
    private static final double[] FRACTIONS = {0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0};
    private static final int HELD_OUT = 24;
    private static final int PROMPTS = 16;

    private SteeringBudgetCurve() {}

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "models/pluralign-mini");
        try (LanguageModel model = LanguageModel.load(folder);
                GenerationEngine engine =
                        new GenerationEngine(model, EngineOptions.defaults().withMaxLength(256))) {
            ActivationReader reader = new ActivationReader(model);
            List<ConceptDefinition> builtIns = BuiltInConcepts.load();
            List<ActivationReader.Answer> samples = new ArrayList<>();
            builtIns.forEach(c -> c.pairs().stream().limit(4).forEach(p -> {
                samples.add(new ActivationReader.Answer(p.system(), p.prompt(), p.positive()));
                samples.add(new ActivationReader.Answer(p.system(), p.prompt(), p.negative()));
            }));
            ResidualNorms norms = ResidualNorms.measure(reader, samples);
            ConceptComputer computer = new ConceptComputer(reader, norms, 0);
            Map<StyleAxis, ConceptVectors> vectors = new TreeMap<>();
            for (ConceptDefinition c : builtIns) {
                for (StyleAxis axis : StyleAxis.values()) {
                    if (axis.concept().equals(c.id())) {
                        vectors.put(axis, computer.compute(c, f -> {}));
                    }
                }
            }
            List<int[]> heldOut = new ArrayList<>();
            List<Integer> answerStarts = new ArrayList<>();
            CorpusGenerator corpus = new CorpusGenerator(4242);
            int assistant = model.tokenizer().tokenId(ChatFormat.ASSISTANT);
            for (int i = 0; heldOut.size() < HELD_OUT; i++) {
                int[] ids = model.tokenizer().encode(corpus.example(i).chatText());
                if (ids.length > model.config().maxPositions()) {
                    continue;
                }
                int start = ids.length - 1;
                while (ids[start] != assistant) {
                    start--;
                }
                heldOut.add(ids);
                answerStarts.add(start + 2);
            }
            System.out.println(
                    "| budget fraction | held-out perplexity (mean over 8 concepts x 2 signs) | vs unsteered |"
                            + " lexicon shift, formality (+ minus -) | lexicon shift, mean over 8 axes |");
            System.out.println("|---|---|---|---|---|");
            double base = 0;
            for (double f : FRACTIONS) {
                double ppl = 0;
                int runs = 0;
                double shiftAll = 0;
                double shiftFormality = 0;
                for (Map.Entry<StyleAxis, ConceptVectors> e : vectors.entrySet()) {
                    for (int sign : new int[] {1, -1}) {
                        Steering s = atNorm(e.getValue(), norms, sign * f);
                        ppl += perplexity(model, heldOut, answerStarts, s);
                        runs++;
                    }
                    double shift = meanScore(model, engine, e.getKey(), atNorm(e.getValue(), norms, f))
                            - meanScore(model, engine, e.getKey(), atNorm(e.getValue(), norms, -f));
                    shiftAll += shift / vectors.size();
                    if (e.getKey() == StyleAxis.FORMALITY) {
                        shiftFormality = shift;
                    }
                }
                ppl /= runs;
                if (f == 0) {
                    base = ppl;
                }
                System.out.printf(
                        "| %.2f | %.3f | %+.1f%% | %+.3f | %+.3f |%n",
                        f, ppl, 100 * (ppl / base - 1), shiftFormality, shiftAll);
            }
        }
    }

    /** The concept's direction at each chosen layer with norm {@code fraction} x that layer's typical norm. */
    static Steering atNorm(ConceptVectors concept, ResidualNorms norms, double fraction) {
        TreeMap<Integer, float[]> out = new TreeMap<>();
        concept.steering(LayerFit.Method.MEAN_DIFFERENCE, 1)
                .forEach((layer, v) -> out.put(layer, Vectors.scaled(Vectors.unit(v), fraction * norms.at(layer))));
        return new Steering(out, Steering.Scope.ALL);
    }

    static double perplexity(LanguageModel model, List<int[]> texts, List<Integer> starts, Steering steering) {
        double nll = 0;
        int count = 0;
        for (int t = 0; t < texts.size(); t++) {
            int[] ids = texts.get(t);
            float[][] logits = model.logits(ids, steering);
            for (int i = starts.get(t); i < ids.length; i++) {
                float[] row = logits[i - 1];
                double max = Double.NEGATIVE_INFINITY;
                for (float x : row) {
                    max = Math.max(max, x);
                }
                double sum = 0;
                for (float x : row) {
                    sum += Math.exp(x - max);
                }
                nll += max + Math.log(sum) - row[ids[i]];
                count++;
            }
        }
        return Math.exp(nll / count);
    }

    static double meanScore(LanguageModel model, GenerationEngine engine, StyleAxis axis, Steering steering)
            throws Exception {
        CorpusGenerator questions = new CorpusGenerator(99);
        List<Generation> running = new ArrayList<>();
        Steering generated = new Steering(new TreeMap<>(steering.vectors()), Steering.Scope.GENERATED);
        for (int i = 0; i < PROMPTS; i++) {
            CorpusGenerator.Example example = questions.example(i, CorpusGenerator.Style.neutral());
            int[] prompt =
                    model.encodeChat(List.of(ChatMessage.system(example.system()), ChatMessage.user(example.user())));
            running.add(engine.submit(
                    new GenerationRequest(prompt, SamplingParams.sampled(0.7f, i, 120), generated),
                    TokenListener.NONE));
        }
        double sum = 0;
        for (Generation g : running) {
            sum += StyleLexicon.score(
                    axis, g.result().get(120, TimeUnit.SECONDS).text());
        }
        return sum / PROMPTS;
    }
}
