package io.pluralign.engine.bundled;

import io.pluralign.engine.bundled.CorpusGenerator.ContrastPair;
import io.pluralign.engine.bundled.CorpusGenerator.Example;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes the corpus files: the training text, its statistics and the contrast pairs. */
public final class CorpusFiles {
    private static final Pattern WORD = Pattern.compile("\\p{L}+(?:'\\p{L}+)*");
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private CorpusFiles() {}

    /** What a corpus holds, as written to {@code corpus-stats.json}. */
    public record Stats(
            int examples,
            long characters,
            long bytes,
            long words,
            int wordTypes,
            int distinctAnswers,
            int distinctQuestions,
            Map<String, Integer> topics,
            Map<String, Map<String, Integer>> labels,
            Map<String, Double> meanAnswerWordsByVerbosity) {}

    /** Writes every example's {@link Example#chatText()}, one after the other, UTF-8. */
    public static void writeChatText(List<Example> examples, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Example e : examples) {
                out.write(e.chatText());
            }
        }
    }

    /** Counts over the examples (characters and bytes of the chat text as written, words of all three turns). */
    public static Stats stats(List<Example> examples) {
        long characters = 0;
        long bytes = 0;
        long words = 0;
        Set<String> types = new HashSet<>();
        Set<String> answers = new HashSet<>();
        Set<String> questions = new HashSet<>();
        Map<String, Integer> topics = new TreeMap<>();
        Map<String, Map<String, Integer>> labels = new LinkedHashMap<>();
        for (StyleAxis a : StyleAxis.values()) {
            Map<String, Integer> poles = new LinkedHashMap<>();
            poles.put(a.poleName(1), 0);
            poles.put(a.poleName(-1), 0);
            poles.put(a.poleName(0), 0);
            labels.put(a.id(), poles);
        }
        long[] verbosityWords = new long[3];
        int[] verbosityCount = new int[3];
        for (Example e : examples) {
            String text = e.chatText();
            characters += text.length();
            bytes += text.getBytes(StandardCharsets.UTF_8).length;
            for (String turn : new String[] {e.system(), e.user(), e.assistant()}) {
                Matcher m = WORD.matcher(turn);
                while (m.find()) {
                    words++;
                    types.add(m.group().toLowerCase(Locale.ROOT));
                }
            }
            answers.add(e.assistant());
            questions.add(e.user());
            topics.merge(e.topic(), 1, Integer::sum);
            for (StyleAxis a : StyleAxis.values()) {
                labels.get(a.id()).merge(a.poleName(e.style().sign(a)), 1, Integer::sum);
            }
            int v = e.style().sign(StyleAxis.VERBOSITY) + 1;
            verbosityWords[v] += WORD.matcher(e.assistant()).results().count();
            verbosityCount[v]++;
        }
        Map<String, Double> meanWords = new LinkedHashMap<>();
        for (int v : new int[] {-1, 0, 1}) {
            int c = verbosityCount[v + 1];
            meanWords.put(
                    StyleAxis.VERBOSITY.poleName(v), c == 0 ? 0 : Math.round(10.0 * verbosityWords[v + 1] / c) / 10.0);
        }
        return new Stats(
                examples.size(),
                characters,
                bytes,
                words,
                types.size(),
                answers.size(),
                questions.size(),
                topics,
                labels,
                meanWords);
    }

    /** Writes {@code stats} (plus the generator seed) as pretty JSON. */
    public static void writeStats(Stats stats, long seed, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("seed", seed);
        root.set("stats", MAPPER.valueToTree(stats));
        Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /**
     * Writes contrast pairs as JSON: {@code {"seed": …, "concepts": [{"axis", "concept", "positivePole",
     * "negativePole", "pairs": [{"topic", "style", "system", "user", "positive", "negative"}]}]}}. The texts are the
     * assistant answers; {@link ChatFormat#conversation} makes them into the model's input.
     */
    public static void writeContrastPairs(Map<StyleAxis, List<ContrastPair>> pairs, long seed, Path file)
            throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("seed", seed);
        root.put("format", "single-turn chat; positive and negative are assistant answers to the same user turn");
        ArrayNode concepts = root.putArray("concepts");
        for (Map.Entry<StyleAxis, List<ContrastPair>> e : pairs.entrySet()) {
            StyleAxis axis = e.getKey();
            ObjectNode c = concepts.addObject();
            c.put("axis", axis.id());
            c.put("concept", axis.concept());
            c.put("positivePole", axis.poleName(1));
            c.put("negativePole", axis.poleName(-1));
            ArrayNode list = c.putArray("pairs");
            for (ContrastPair p : e.getValue()) {
                ObjectNode o = list.addObject();
                o.put("topic", p.topic());
                o.put("style", p.style().toString());
                o.put("system", p.system());
                o.put("user", p.user());
                o.put("positive", p.positive());
                o.put("negative", p.negative());
            }
        }
        Files.writeString(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }
}
