package io.pluralign.engine.bundled;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The phrase banks the corpus is composed from, read from {@code /bundled/phrasebook.txt}.
 *
 * <p>The file has sections ({@code == global}, {@code == topic NAME}, {@code == style AXIS+} / {@code AXIS-}) holding
 * lines {@code key: alternative | alternative | …}. Inside a phrase, {@code {slot}} is replaced by a phrase of that bank
 * (the topic's first, then the global one), {@code (a|b|c)} picks one at random, {@code [neutral|formal|casual]} picks
 * by the formality of the answer and {@code <neutral|positive|negative>} by its sentiment.
 */
final class Phrasebook {
    static final String RESOURCE = "/bundled/phrasebook.txt";

    /** A topic: its name and its banks ({@code subject}, {@code thing}, {@code do}, {@code fact}, {@code ask}…). */
    record Topic(String name, Map<String, List<String>> banks) {}

    final List<Topic> topics;
    final Map<String, List<String>> global;
    /** Style banks by {@code axis id + '+'/'-'}, e.g. {@code extraversion+}. */
    final Map<String, Map<String, List<String>>> styles;

    private Phrasebook(
            List<Topic> topics, Map<String, List<String>> global, Map<String, Map<String, List<String>>> styles) {
        this.topics = topics;
        this.global = global;
        this.styles = styles;
    }

    private static volatile Phrasebook standard;

    static Phrasebook standard() {
        Phrasebook p = standard;
        if (p == null) {
            try (InputStream in = Phrasebook.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                p = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = p;
        }
        return p;
    }

    static String styleKey(StyleAxis axis, int sign) {
        return axis.id() + (sign > 0 ? "+" : "-");
    }

    Map<String, List<String>> style(StyleAxis axis, int sign) {
        return styles.getOrDefault(styleKey(axis, sign), Map.of());
    }

    static Phrasebook parse(BufferedReader reader) throws IOException {
        List<Topic> topics = new ArrayList<>();
        Map<String, List<String>> global = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> styles = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("==")) {
                String[] head = t.substring(2).strip().split("\\s+");
                current = new LinkedHashMap<>();
                if (head[0].equals("global") && head.length == 1) {
                    current = global;
                } else if (head[0].equals("topic") && head.length == 2) {
                    topics.add(new Topic(head[1], current));
                } else if (head[0].equals("style") && head.length == 2) {
                    styles.put(head[1], current);
                } else {
                    throw new IllegalArgumentException("line " + lineNo + ": bad section header: " + t);
                }
                continue;
            }
            int colon = t.indexOf(':');
            if (current == null || colon <= 0) {
                throw new IllegalArgumentException("line " + lineNo + ": expected 'key: a | b' in a section: " + t);
            }
            String key = t.substring(0, colon).strip();
            List<String> bank = current.computeIfAbsent(key, k -> new ArrayList<>());
            for (String alt : splitTopLevel(t, colon + 1, t.length(), lineNo)) {
                String a = alt.strip();
                if (a.isEmpty()) {
                    throw new IllegalArgumentException("line " + lineNo + ": empty phrase");
                }
                bank.add(a);
            }
        }
        Phrasebook book = new Phrasebook(freeze(topics), freezeBanks(global), freezeStyles(styles));
        book.validate();
        return book;
    }

    private static List<Topic> freeze(List<Topic> topics) {
        List<Topic> out = new ArrayList<>();
        for (Topic t : topics) {
            out.add(new Topic(t.name(), freezeBanks(t.banks())));
        }
        return List.copyOf(out);
    }

    private static Map<String, List<String>> freezeBanks(Map<String, List<String>> banks) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        banks.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Map<String, List<String>>> freezeStyles(Map<String, Map<String, List<String>>> styles) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        styles.forEach((k, v) -> out.put(k, freezeBanks(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Splits {@code s[from, to)} at the '|' that are outside any bracket. */
    static List<String> splitTopLevel(String s, int from, int to, int lineNo) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '<' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '>' || c == '}') {
                depth--;
                if (depth < 0) {
                    throw new IllegalArgumentException("line " + lineNo + ": unbalanced '" + c + "' in " + s);
                }
            } else if (c == '|' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("line " + lineNo + ": unbalanced brackets in " + s);
        }
        parts.add(s.substring(start, to));
        return parts;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '<' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '>' || c == '}') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalArgumentException("unbalanced brackets in " + s);
    }

    /** Checks every phrase: slots exist (globally or in every topic), variant brackets have three parts. */
    private void validate() {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("phrasebook has no topics");
        }
        for (Map<String, List<String>> banks : allBanks()) {
            for (List<String> bank : banks.values()) {
                for (String phrase : bank) {
                    validatePhrase(phrase);
                }
            }
        }
    }

    private List<Map<String, List<String>>> allBanks() {
        List<Map<String, List<String>>> all = new ArrayList<>();
        all.add(global);
        topics.forEach(t -> all.add(t.banks()));
        all.addAll(styles.values());
        return all;
    }

    private void validatePhrase(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '{') {
                int end = matching(p, i);
                String slot = p.substring(i + 1, end);
                if (!global.containsKey(slot)
                        && !slot.equals("subject")
                        && !topics.stream().allMatch(t -> t.banks().containsKey(slot))) {
                    throw new IllegalArgumentException("unknown slot {" + slot + "} in: " + p);
                }
                i = end;
            } else if (c == '[' || c == '<') {
                int end = matching(p, i);
                if (splitTopLevel(p, i + 1, end, 0).size() != 3) {
                    throw new IllegalArgumentException("variant needs three parts: " + p.substring(i, end + 1));
                }
            }
        }
    }

    /** Expands phrases for one topic, register and sentiment; remembers slot values used in one answer. */
    static final class Expander {
        private final Map<String, List<String>> topic;
        private final Map<String, List<String>> global;
        private final Map<String, String> bindings;
        private final int formality;
        private final int sentiment;
        private final Map<String, Set<String>> used;

        Expander(
                Map<String, List<String>> topic,
                Map<String, List<String>> global,
                Map<String, String> bindings,
                int formality,
                int sentiment,
                Map<String, Set<String>> used) {
            this.topic = topic;
            this.global = global;
            this.bindings = bindings;
            this.formality = formality;
            this.sentiment = sentiment;
            this.used = used;
        }

        /** The same expander, remembering used slot values in a copy of this one's memory. */
        Expander fork() {
            Map<String, Set<String>> copy = new HashMap<>();
            used.forEach((k, v) -> copy.put(k, new java.util.HashSet<>(v)));
            return new Expander(topic, global, bindings, formality, sentiment, copy);
        }

        List<String> bank(String name) {
            List<String> b = topic.get(name);
            if (b == null) {
                b = global.get(name);
            }
            if (b == null) {
                throw new IllegalArgumentException("no bank " + name);
            }
            return b;
        }

        String pick(List<String> bank, Random r) {
            return bank.get(r.nextInt(bank.size()));
        }

        String expand(String phrase, Random r) {
            StringBuilder sb = new StringBuilder(phrase.length() + 32);
            expandInto(phrase, 0, phrase.length(), r, sb);
            return sb.toString();
        }

        private void expandInto(String s, int from, int to, Random r, StringBuilder out) {
            int i = from;
            while (i < to) {
                char c = s.charAt(i);
                if (c == '{') {
                    int end = matching(s, i);
                    out.append(slot(s.substring(i + 1, end), r));
                    i = end + 1;
                } else if (c == '(' || c == '[' || c == '<') {
                    int end = matching(s, i);
                    List<String> parts = splitTopLevel(s, i + 1, end, 0);
                    String chosen;
                    if (c == '(') {
                        chosen = parts.get(r.nextInt(parts.size()));
                    } else {
                        int sign = c == '[' ? formality : sentiment;
                        chosen = parts.get(sign == 0 ? 0 : sign > 0 ? 1 : 2);
                    }
                    expandInto(chosen, 0, chosen.length(), r, out);
                    i = end + 1;
                } else {
                    out.append(c);
                    i++;
                }
            }
        }

        private String slot(String name, Random r) {
            String bound = bindings.get(name);
            if (bound != null) {
                return bound;
            }
            List<String> bank = bank(name);
            Set<String> seen = used.computeIfAbsent(name, k -> new java.util.HashSet<>());
            String choice = pick(bank, r);
            for (int tries = 0; tries < 4 && seen.contains(choice) && seen.size() < bank.size(); tries++) {
                choice = pick(bank, r);
            }
            seen.add(choice);
            return expand(choice, r);
        }
    }
}
