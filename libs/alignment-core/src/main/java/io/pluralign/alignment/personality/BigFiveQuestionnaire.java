package io.pluralign.alignment.personality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The IPIP 50-item Big Five factor markers (Goldberg 1992, public domain; see ATTRIBUTION.md beside the item file)
 * and their scoring: each trait is the mean of its ten keyed answers on 1..5 (a reversed item scores 6 - answer),
 * mapped to [0, 1] as (mean - 1) / 4.
 */
public final class BigFiveQuestionnaire {

    /** The traits in the order profiles list them. */
    public static final List<String> TRAITS =
            List.of("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism");

    public static final int MIN_ANSWER = 1;
    public static final int MAX_ANSWER = 5;

    /** Where the items come from, to show with them. */
    public static final String ATTRIBUTION = "IPIP 50-item Big-Five factor markers (Goldberg, 1992), International"
            + " Personality Item Pool, https://ipip.ori.org (public domain)";

    /** One statement, answered from 1 (very inaccurate) to 5 (very accurate). */
    public record Item(int number, String text, String trait, boolean reversed) {}

    private static final List<Item> ITEMS = load();

    private BigFiveQuestionnaire() {}

    public static List<Item> items() {
        return ITEMS;
    }

    /** Answers that cannot be scored: which items are missing, out of range or unknown. */
    public static final class InvalidAnswers extends IllegalArgumentException {
        private final Map<String, String> problems;

        InvalidAnswers(Map<String, String> problems) {
            super(String.join(
                    "; ",
                    problems.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .toList()));
            this.problems = Map.copyOf(problems);
        }

        /** Per item ("item 7", or "items" for the missing ones): what is wrong. */
        public Map<String, String> problems() {
            return problems;
        }
    }

    /**
     * Trait levels in [0, 1] from one answer per item.
     *
     * @param answers item number to answer in 1..5, every item exactly once
     * @throws InvalidAnswers naming every missing, unknown or out-of-range item
     */
    public static Map<String, Double> score(Map<Integer, Integer> answers) {
        Map<String, String> problems = new LinkedHashMap<>();
        TreeSet<Integer> missing = new TreeSet<>();
        for (Item item : ITEMS) {
            Integer answer = answers.get(item.number());
            if (answer == null) {
                missing.add(item.number());
            } else if (answer < MIN_ANSWER || answer > MAX_ANSWER) {
                problems.put(
                        "item " + item.number(),
                        "must be answered " + MIN_ANSWER + " to " + MAX_ANSWER + ", not " + answer);
            }
        }
        for (Integer number : answers.keySet()) {
            if (number == null || number < 1 || number > ITEMS.size()) {
                problems.put("item " + number, "is not an item of this questionnaire (1 to " + ITEMS.size() + ")");
            }
        }
        if (!missing.isEmpty()) {
            problems.put("items", "are unanswered: " + missing);
        }
        if (!problems.isEmpty()) {
            throw new InvalidAnswers(problems);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String trait : TRAITS) {
            double sum = 0;
            int count = 0;
            for (Item item : ITEMS) {
                if (item.trait().equals(trait)) {
                    int answer = answers.get(item.number());
                    sum += item.reversed() ? 6 - answer : answer;
                    count++;
                }
            }
            scores.put(trait, (sum / count - 1) / 4);
        }
        return scores;
    }

    private static List<Item> load() {
        try (InputStream in = BigFiveQuestionnaire.class.getResourceAsStream("ipip50-big-five.csv")) {
            if (in == null) {
                throw new IllegalStateException("ipip50-big-five.csv is missing from alignment-core's resources");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Item> items = new ArrayList<>();
            String line = reader.readLine(); // header
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                // item,text,trait,keying; the text may contain commas, so split from both ends
                int first = line.indexOf(',');
                int last = line.lastIndexOf(',');
                int traitStart = line.lastIndexOf(',', last - 1);
                String text = line.substring(first + 1, traitStart).trim();
                if (text.startsWith("\"") && text.endsWith("\"")) {
                    text = text.substring(1, text.length() - 1).replace("\"\"", "\"");
                }
                items.add(new Item(
                        Integer.parseInt(line.substring(0, first).trim()),
                        text,
                        line.substring(traitStart + 1, last).trim(),
                        line.substring(last + 1).trim().equals("-")));
            }
            return List.copyOf(items);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
