package io.pluralign.engine.bundled;

import io.pluralign.engine.bundled.Phrasebook.Expander;
import io.pluralign.engine.bundled.Phrasebook.Topic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes synthetic single-turn conversations whose answer style varies along the {@link StyleAxis} axes: a user asks
 * about one of many everyday topics, the assistant answers with topic content plus phrases that express the answer's
 * style (Big Five poles, formality, sentiment, verbosity, each drawn independently, neutral included).
 *
 * <p>Deterministic: the same seed gives the same examples, and example {@code i} does not depend on how many examples
 * are asked for. {@link #contrastPair} answers one question at both poles of one axis with everything else equal.
 */
public final class CorpusGenerator {
    /** Probability that an axis is neutral in a generated example; the two poles share the rest equally. */
    public static final double DEFAULT_NEUTRAL_PROBABILITY = 0.45;
    /** Share of examples whose system message names some of the answer's style (as a user preference would). */
    public static final double DEFAULT_SYSTEM_HINT_RATE = 0.2;

    private static final long STYLE = 1, TOPIC = 2, SYSTEM = 3, QUESTION = 4, ANSWER = 5, CONTENT = 6, AXIS = 7;
    private static final long CONTRACT = 8, PAIRS = 9, EXTRA = 10;

    private final Phrasebook book = Phrasebook.standard();
    private final long seed;
    private final double neutralProbability;
    private final double systemHintRate;

    /** A generator with the default probabilities. */
    public CorpusGenerator(long seed) {
        this(seed, DEFAULT_NEUTRAL_PROBABILITY, DEFAULT_SYSTEM_HINT_RATE);
    }

    /**
     * @param neutralProbability probability that an axis is neutral; either pole has half of the rest
     * @param systemHintRate share of examples with a non-neutral axis whose system message names some of their style
     */
    public CorpusGenerator(long seed, double neutralProbability, double systemHintRate) {
        if (neutralProbability < 0 || neutralProbability > 1 || systemHintRate < 0 || systemHintRate > 1) {
            throw new IllegalArgumentException("probabilities must lie in [0, 1]");
        }
        this.seed = seed;
        this.neutralProbability = neutralProbability;
        this.systemHintRate = systemHintRate;
    }

    /** A style: a sign per axis, {@code +1} the high pole, {@code -1} the low pole, {@code 0} neutral. */
    public static final class Style {
        private final int[] signs;

        private Style(int[] signs) {
            this.signs = signs;
        }

        /** All axes neutral. */
        public static Style neutral() {
            return new Style(new int[StyleAxis.values().length]);
        }

        public int sign(StyleAxis axis) {
            return signs[axis.ordinal()];
        }

        /** This style with one axis set to {@code sign} (clamped to -1, 0, 1). */
        public Style with(StyleAxis axis, int sign) {
            int[] s = signs.clone();
            s[axis.ordinal()] = Integer.signum(sign);
            return new Style(s);
        }

        /** Pole names per axis id, e.g. {@code formality -> casual}. */
        public Map<String, String> labels() {
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            for (StyleAxis a : StyleAxis.values()) {
                labels.put(a.id(), a.poleName(sign(a)));
            }
            return labels;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Style && Arrays.equals(signs, ((Style) o).signs);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(signs);
        }

        /** The non-neutral axes, e.g. {@code formality=casual sentiment=positive}; {@code neutral} if none. */
        @Override
        public String toString() {
            StringJoiner j = new StringJoiner(" ");
            for (StyleAxis a : StyleAxis.values()) {
                if (sign(a) != 0) {
                    j.add(a.id() + "=" + a.poleName(sign(a)));
                }
            }
            return j.length() == 0 ? "neutral" : j.toString();
        }
    }

    /** One training conversation and the style its answer was written in. */
    public record Example(int index, String topic, Style style, String system, String user, String assistant) {
        /** The conversation in the {@link ChatFormat} the model is trained on. */
        public String chatText() {
            return ChatFormat.conversation(system, user, assistant);
        }
    }

    /**
     * One question answered at both poles of {@code axis}; all other axes (in {@code style}, whose own sign for
     * {@code axis} is 0) and all content are the same in both answers.
     */
    public record ContrastPair(
            StyleAxis axis, String topic, Style style, String system, String user, String positive, String negative) {
        public String positiveChat() {
            return ChatFormat.conversation(system, user, positive);
        }

        public String negativeChat() {
            return ChatFormat.conversation(system, user, negative);
        }
    }

    public long seed() {
        return seed;
    }

    /** Names of the topics questions are drawn from. */
    public List<String> topics() {
        return book.topics.stream().map(Topic::name).toList();
    }

    /** Examples {@code 0 .. count-1}. */
    public List<Example> examples(int count) {
        List<Example> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(example(i));
        }
        return out;
    }

    /** Example {@code index}, with a style drawn at random. */
    public Example example(int index) {
        return example(index, randomStyle(rng(STYLE, index)));
    }

    /** Example {@code index} with its answer written in the given style (topic, question, content as usual). */
    public Example example(int index, Style style) {
        Objects.requireNonNull(style);
        Random rt = rng(TOPIC, index);
        Topic topic = book.topics.get(rt.nextInt(book.topics.size()));
        String subject = pick(topic.banks().get("subject"), rt);
        String system = system(style, rng(SYSTEM, index));
        String user = question(topic, subject, rng(QUESTION, index));
        String assistant = answer(topic, subject, style, mix(seed, ANSWER, index));
        return new Example(index, topic.name(), style, system, user, assistant);
    }

    /** Contrast pair {@code index} for {@code axis}; drawn from a stream separate from {@link #example(int)}'s. */
    public ContrastPair contrastPair(StyleAxis axis, int index) {
        long pairSeed = mix(seed, PAIRS, axis.ordinal() * 1_000_003L + index);
        Random r = new Random(pairSeed);
        Style others = randomStyle(r).with(axis, 0);
        Topic topic = book.topics.get(r.nextInt(book.topics.size()));
        String subject = pick(topic.banks().get("subject"), r);
        String system = pick(book.global.get("system"), r);
        String user = question(topic, subject, new Random(mix(pairSeed, QUESTION, 0)));
        long answerSeed = mix(pairSeed, ANSWER, 0);
        String positive = answer(topic, subject, others.with(axis, 1), answerSeed);
        String negative = answer(topic, subject, others.with(axis, -1), answerSeed);
        return new ContrastPair(axis, topic.name(), others, system, user, positive, negative);
    }

    /** Contrast pairs {@code 0 .. count-1} for {@code axis}. */
    public List<ContrastPair> contrastPairs(StyleAxis axis, int count) {
        List<ContrastPair> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(contrastPair(axis, i));
        }
        return out;
    }

    /** A style with each axis drawn independently: neutral with the neutral probability, else either pole. */
    public Style randomStyle(Random r) {
        Style s = Style.neutral();
        for (StyleAxis a : StyleAxis.values()) {
            if (r.nextDouble() >= neutralProbability) {
                s = s.with(a, r.nextBoolean() ? 1 : -1);
            }
        }
        return s;
    }

    private String system(Style style, Random r) {
        String base = pick(book.global.get("system"), r);
        List<StyleAxis> active = new ArrayList<>();
        for (StyleAxis a : StyleAxis.values()) {
            if (style.sign(a) != 0) {
                active.add(a);
            }
        }
        if (active.isEmpty() || r.nextDouble() >= systemHintRate) {
            return base;
        }
        StringBuilder sb = new StringBuilder(base);
        int first = r.nextInt(active.size());
        for (int i = 0; i < active.size(); i++) {
            StyleAxis a = active.get(i);
            boolean take = r.nextDouble() < 0.5;
            if (i == first || take) {
                List<String> hints = book.style(a, style.sign(a)).get("hint");
                if (hints != null) {
                    sb.append(' ').append(pick(hints, r));
                }
            }
        }
        return sb.toString();
    }

    private String question(Topic topic, String subject, Random r) {
        int formality = r.nextInt(3) - 1;
        Expander ex = expander(topic, subject, formality, 0);
        List<String> own = topic.banks().get("ask");
        String template = own != null && r.nextDouble() < 0.2 ? pick(own, r) : pick(book.global.get("ask"), r);
        String q = finish(ex.expand(template, r));
        if (formality < 0) {
            q = contract(q);
        }
        return q;
    }

    private Expander expander(Topic topic, String subject, int formality, int sentiment) {
        return new Expander(
                topic.banks(), book.global, Map.of("subject", subject), formality, sentiment, new HashMap<>());
    }

    private enum Kind {
        OPEN,
        MID,
        CLOSE
    }

    private record Piece(Kind kind, double position, double order, String text) {}

    /**
     * The answer: content sentences about the topic, and for every non-neutral axis one or more pieces (an opener,
     * a sentence in the middle or a closer) from that pole's bank. Each axis draws from its own random stream, so
     * flipping one axis changes only that axis's pieces.
     */
    private String answer(Topic topic, String subject, Style style, long answerSeed) {
        int verbosity = style.sign(StyleAxis.VERBOSITY);
        boolean terse = verbosity < 0;
        Expander content = expander(topic, subject, style.sign(StyleAxis.FORMALITY), style.sign(StyleAxis.SENTIMENT));
        Random rc = new Random(mix(answerSeed, CONTENT, 0));
        int contentCount = terse ? 1 : verbosity == 0 ? 2 + (rc.nextInt(3) == 0 ? 1 : 0) : 4 + rc.nextInt(2);
        List<String> sentences = new ArrayList<>();
        for (int k = 0; k < contentCount; k++) {
            Random rk = new Random(mix(answerSeed, CONTENT, k + 1));
            String bank = terse ? "short" : "advice";
            sentences.add(content.expand(pick(book.global.get(bank), rk), rk));
        }

        List<Piece> pieces = new ArrayList<>();
        for (StyleAxis axis : StyleAxis.values()) {
            int sign = style.sign(axis);
            if (sign == 0) {
                continue;
            }
            Random ra = new Random(mix(answerSeed, AXIS, axis.ordinal()));
            Map<String, List<String>> banks = book.style(axis, sign);
            int count = terse ? 1 : verbosity > 0 ? 2 : 1;
            if (axis == StyleAxis.VERBOSITY && verbosity > 0) {
                count = 3;
            }
            Expander ex = content.fork();
            java.util.EnumSet<Kind> used = java.util.EnumSet.noneOf(Kind.class);
            Set<String> templates = new java.util.HashSet<>();
            for (int c = 0; c < count; c++) {
                double u = ra.nextDouble();
                double position = ra.nextDouble();
                double order = ra.nextDouble();
                Random text = new Random(ra.nextLong());
                Kind kind = u < 0.2 ? Kind.OPEN : u < 0.8 ? Kind.MID : Kind.CLOSE;
                if (kind != Kind.MID && used.contains(kind)) {
                    kind = Kind.MID; // one opener and one closer per axis at most
                }
                if (axis == StyleAxis.VERBOSITY && verbosity > 0 && c == 0) {
                    kind = u < 0.5 ? Kind.OPEN : Kind.MID;
                } else if (axis == StyleAxis.VERBOSITY && verbosity < 0) {
                    kind = u < 0.5 ? Kind.OPEN : Kind.CLOSE;
                }
                List<String> bank = bankFor(banks, kind, terse && axis != StyleAxis.VERBOSITY);
                String template = pick(bank, text);
                for (int tries = 0; tries < 5 && templates.contains(template); tries++) {
                    template = pick(bank, text); // an axis says the same thing only once per answer
                }
                templates.add(template);
                pieces.add(new Piece(kind, position, order, ex.expand(template, text)));
                used.add(kind);
            }
        }

        boolean hasOpen = pieces.stream().anyMatch(p -> p.kind() == Kind.OPEN);
        boolean hasClose = pieces.stream().anyMatch(p -> p.kind() == Kind.CLOSE);
        Map<String, List<String>> neutral = book.styles.get("neutral");
        if (!terse && !hasOpen && rc.nextDouble() < 0.25) {
            pieces.add(new Piece(Kind.OPEN, 0, 0, content.expand(pick(neutral.get("open"), rc), rc)));
        }
        if (!terse && !hasClose && rc.nextDouble() < 0.25) {
            pieces.add(new Piece(Kind.CLOSE, 0, 0, content.expand(pick(neutral.get("close"), rc), rc)));
        }
        if (verbosity > 0 && rc.nextDouble() < 0.5) {
            Random re = new Random(mix(answerSeed, EXTRA, 0));
            pieces.add(
                    new Piece(Kind.MID, re.nextDouble(), 0, content.expand(pick(book.global.get("example"), re), re)));
        }

        pieces.sort(Comparator.comparingDouble(Piece::order));
        List<String> out = new ArrayList<>();
        pieces.stream().filter(p -> p.kind() == Kind.OPEN).forEach(p -> out.add(p.text()));
        for (int k = 0; k <= contentCount; k++) {
            for (Piece p : pieces) {
                if (p.kind() == Kind.MID && (int) (p.position() * (contentCount + 1)) == k) {
                    out.add(p.text());
                }
            }
            if (k < contentCount) {
                out.add(sentences.get(k));
            }
        }
        pieces.stream().filter(p -> p.kind() == Kind.CLOSE).forEach(p -> out.add(p.text()));

        String text = finish(String.join(" ", out));
        int formality = style.sign(StyleAxis.FORMALITY);
        Random contractions = new Random(mix(answerSeed, CONTRACT, 0));
        boolean contractNeutral = contractions.nextBoolean();
        if (formality < 0 || (formality == 0 && contractNeutral)) {
            text = contract(text);
        }
        return text;
    }

    private static List<String> bankFor(Map<String, List<String>> banks, Kind kind, boolean terse) {
        if (terse && banks.containsKey("short")) {
            return banks.get("short");
        }
        String[] order = kind == Kind.OPEN
                ? new String[] {"open", "mid", "close"}
                : kind == Kind.CLOSE ? new String[] {"close", "mid", "open"} : new String[] {"mid", "close", "open"};
        for (String key : order) {
            List<String> b = banks.get(key);
            if (b != null && !b.isEmpty()) {
                return b;
            }
        }
        throw new IllegalStateException("style bank without open, mid or close: " + banks.keySet());
    }

    private static String pick(List<String> bank, Random r) {
        return bank.get(r.nextInt(bank.size()));
    }

    private Random rng(long stream, long index) {
        return new Random(mix(seed, stream, index));
    }

    /** SplitMix64 finaliser over the combined parts: nearby seeds and indices give unrelated streams. */
    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L + c;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- surface clean-up -------------------------------------------------------------------------------------

    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile(" ([,.!?:;])");
    private static final Pattern DOUBLE_COMMA = Pattern.compile(",\\s*,");
    private static final Pattern COMMA_BEFORE_END = Pattern.compile(",([.!?])");
    private static final Pattern A_BEFORE_VOWEL = Pattern.compile("\\b([Aa]) ([aeiouAEIOU]\\w*)");
    private static final Pattern SENTENCE_START = Pattern.compile("(^|[.!?] )(\\p{Ll})");
    private static final Set<String> A_NOT_AN = Set.of("one", "once", "use", "used", "useful", "usual", "unit", "uni");

    /** Collapses spaces, fixes "a"/"an", capitalises sentence starts. */
    static String finish(String s) {
        String t = SPACES.matcher(s.strip()).replaceAll(" ");
        t = SPACE_BEFORE_PUNCT.matcher(t).replaceAll("$1");
        t = DOUBLE_COMMA.matcher(t).replaceAll(",");
        t = COMMA_BEFORE_END.matcher(t).replaceAll("$1");
        Matcher m = A_BEFORE_VOWEL.matcher(t);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String word = m.group(2).toLowerCase(Locale.ROOT);
            boolean keepA = A_NOT_AN.stream().anyMatch(word::startsWith) || word.startsWith("eu");
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + (keepA ? "" : "n") + " " + m.group(2)));
        }
        m.appendTail(sb);
        m = SENTENCE_START.matcher(sb.toString());
        sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    sb, Matcher.quoteReplacement(m.group(1) + m.group(2).toUpperCase(Locale.ROOT)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static final String[][] CONTRACTIONS = {
        {"do not", "don't"},
        {"does not", "doesn't"},
        {"did not", "didn't"},
        {"is not", "isn't"},
        {"are not", "aren't"},
        {"was not", "wasn't"},
        {"cannot", "can't"},
        {"will not", "won't"},
        {"would not", "wouldn't"},
        {"should not", "shouldn't"},
        {"could not", "couldn't"},
        {"have not", "haven't"},
        {"it is", "it's"},
        {"that is", "that's"},
        {"there is", "there's"},
        {"what is", "what's"},
        {"here is", "here's"},
        {"you are", "you're"},
        {"we are", "we're"},
        {"they are", "they're"},
        {"I am", "I'm"},
        {"I will", "I'll"},
        {"you will", "you'll"},
        {"it will", "it'll"},
        {"I would", "I'd"},
        {"you would", "you'd"},
        {"let us", "let's"}
    };
    private static final Map<String, String> CONTRACTED = new HashMap<>();
    private static final Pattern CONTRACTIBLE;

    static {
        StringJoiner alternatives = new StringJoiner("|", "\\b(", ")\\b");
        for (String[] c : CONTRACTIONS) {
            CONTRACTED.put(c[0].toLowerCase(Locale.ROOT), c[1]);
            String first = c[0].substring(0, 1);
            // either case for the first letter ("It is" becomes "It's"), but "I" stays upper case
            String head = first.equals("I")
                    ? "I"
                    : "[" + first.toLowerCase(Locale.ROOT) + first.toUpperCase(Locale.ROOT) + "]";
            alternatives.add(head + Pattern.quote(c[0].substring(1)));
        }
        CONTRACTIBLE = Pattern.compile(alternatives.toString());
    }

    /** Contracts "do not", "it is", "let us" and the like, keeping the case of the first letter. */
    static String contract(String s) {
        Matcher m = CONTRACTIBLE.matcher(s);
        if (!m.find()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        do {
            String found = m.group(1);
            String to = CONTRACTED.get(found.toLowerCase(Locale.ROOT));
            m.appendReplacement(sb, Matcher.quoteReplacement(found.charAt(0) + to.substring(1)));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }
}
