package io.pluralign.engine.bundled;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A marker-word scorer for the {@link StyleAxis} axes, independent of any model: {@code score(axis, text)} lies in
 * (-1, 1), positive towards the high pole, {@code (P - N) / (P + N + 1)} over the high-pole and low-pole markers found.
 *
 * <p>Markers are lower-case words and phrases matched on word boundaries, longest phrase first, never across
 * punctuation. A few markers whose meaning a negation reverses (worry, stress, fun, plan, care, …) count for the
 * opposite pole when a negation ({@code no}, {@code not}, {@code never}, {@code skip}, …) is among the three words before
 * them in the same clause ("no reason to worry" is calm). Contractions count as casual. Verbosity averages its markers'
 * score with {@code tanh((words - 45) / 25)}, so length counts as much as words like "for example".
 */
public final class StyleLexicon {
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+(?:['’][a-z]+)*|[!.?,;:]");
    private static final Set<String> NEGATORS = Set.of(
            "not", "no", "never", "without", "nothing", "rarely", "seldom", "hardly", "don't", "doesn't", "didn't",
            "won't", "isn't", "aren't", "can't", "cannot", "avoid", "skip", "forget", "ditch");
    private static final Set<String> PUNCTUATION = Set.of("!", ".", "?", ",", ";", ":");
    private static final Pattern CONTRACTION =
            Pattern.compile(".+(n't|'re|'ll|'ve|'m|'d)|(it|that|there|what|here|let|he|she|who|where)'s");

    private record Marker(StyleAxis axis, int sign, boolean flippable) {}

    /** Phrases keyed by their first word; each entry is the phrase's words and the markers it counts for. */
    private static final Map<String, List<Map.Entry<String[], List<Marker>>>> BY_FIRST = new HashMap<>();

    static {
        add(
                StyleAxis.OPENNESS,
                1,
                "curious",
                "curiosity",
                "imagine",
                "imagined",
                "imagination",
                "imaginative",
                "creative",
                "creatively",
                "creativity",
                "inventive",
                "invent",
                "invented",
                "original",
                "unusual",
                "unconventional",
                "unexpected",
                "fascinating",
                "fascinated",
                "intriguing",
                "intrigued",
                "explore",
                "exploring",
                "exploration",
                "discover",
                "discovery",
                "wonder",
                "wondering",
                "possibilities",
                "inspiring",
                "inspired",
                "inspiration",
                "artistic",
                "playful",
                "adventure",
                "adventurous",
                "eye opening",
                "rethink",
                "experiment",
                "experimenting",
                "experimental",
                "something different",
                "new ideas",
                "different angle",
                "dream up",
                "what would happen",
                "novelty",
                "open mind",
                "open minded",
                "innovative",
                "quirky",
                "out of the box");
        add(
                StyleAxis.OPENNESS,
                -1,
                "traditional",
                "traditionally",
                "conventional",
                "usual",
                "standard",
                "familiar",
                "classic",
                "proven",
                "practical",
                "basics",
                "nothing fancy",
                "anything fancy",
                "tried and tested",
                "tried and true",
                "reinvent the wheel",
                "stick to",
                "stick with",
                "always worked",
                "old ways",
                "old habits",
                "old fashioned",
                "sensible",
                "as usual",
                "conservative",
                "no need to complicate",
                "the way it has always been",
                "keep it practical",
                "stick to the basics");
        add(
                StyleAxis.CONSCIENTIOUSNESS,
                1,
                "~plan",
                "~plans",
                "~planning",
                "planned",
                "~schedule",
                "scheduled",
                "~checklist",
                "to do list",
                "organized",
                "organised",
                "organize",
                "organise",
                "organizing",
                "step by step",
                "double check",
                "double checked",
                "in advance",
                "ahead of time",
                "plan ahead",
                "prepare",
                "prepared",
                "preparation",
                "thorough",
                "thoroughly",
                "methodical",
                "methodically",
                "precise",
                "precisely",
                "systematic",
                "systematically",
                "discipline",
                "disciplined",
                "on track",
                "keep track",
                "track your progress",
                "deadline",
                "deadlines",
                "carefully",
                "stick to it",
                "stick to the schedule",
                "keep to the schedule",
                "one at a time",
                "in order",
                "review",
                "check it twice",
                "check your list",
                "measure your progress",
                "clear goal",
                "clear goals",
                "diligent",
                "diligently",
                "punctual",
                "on schedule");
        add(
                StyleAxis.CONSCIENTIOUSNESS,
                -1,
                "wing it",
                "improvise",
                "improvising",
                "later",
                "whenever",
                "no rush",
                "close enough",
                "good enough",
                "more or less",
                "roughly",
                "put it off",
                "last minute",
                "procrastinate",
                "procrastinating",
                "lose track",
                "can wait",
                "overrated",
                "dive in",
                "planning is overrated",
                "does not have to be",
                "doesn't have to be",
                "half finished",
                "sort it out later",
                "skip the details",
                "no plan",
                "forget the plan",
                "no need for a plan",
                "see what happens",
                "roll with it",
                "fine print",
                "spontaneous",
                "spontaneously",
                "messy",
                "sloppy",
                "the mood strikes",
                "sort itself out",
                "some other time",
                "forget the details");
        add(
                StyleAxis.EXTRAVERSION,
                1,
                "friends",
                "party",
                "parties",
                "social",
                "socialise",
                "socialize",
                "sociable",
                "together",
                "group",
                "~groups",
                "club",
                "meetup",
                "community",
                "crowd",
                "~crowds",
                "everyone",
                "meet people",
                "meet other people",
                "mingle",
                "chat",
                "lively",
                "livelier",
                "energising",
                "energizing",
                "energetic",
                "exciting",
                "excited",
                "noise",
                "get out there",
                "tell everyone",
                "!",
                "outgoing",
                "talkative",
                "get together",
                "neighbours",
                "with company");
        add(
                StyleAxis.EXTRAVERSION,
                -1,
                "quiet",
                "quietly",
                "alone",
                "on your own",
                "by yourself",
                "on my own",
                "solitude",
                "private",
                "privately",
                "in private",
                "low key",
                "reserved",
                "introvert",
                "introverted",
                "recharge",
                "silence",
                "peace and quiet",
                "no audience",
                "time alone",
                "keep to yourself",
                "solitary",
                "withdrawn",
                "shy");
        add(
                StyleAxis.AGREEABLENESS,
                1,
                "kind",
                "kindness",
                "gentle",
                "gently",
                "patient",
                "patiently",
                "thank you",
                "thanks",
                "thank",
                "appreciate",
                "appreciation",
                "grateful",
                "i hope",
                "hope this helps",
                "understandable",
                "i understand",
                "understand",
                "considerate",
                "thoughtful",
                "generous",
                "~care",
                "take care",
                "look after yourself",
                "warm wishes",
                "wishing you well",
                "support",
                "supports",
                "supportive",
                "of course",
                "doing your best",
                "on the right track",
                "feel free",
                "compassion",
                "compassionate",
                "warmly",
                "always here");
        add(
                StyleAxis.AGREEABLENESS,
                -1,
                "obviously",
                "frankly",
                "bluntly",
                "blunt",
                "not my problem",
                "your problem",
                "deal with it",
                "figure it out",
                "work it out",
                "figure out the rest",
                "work out the rest",
                "excuses",
                "complaining",
                "lazy",
                "hold your hand",
                "on you",
                "look it up",
                "not complicated",
                "basic question",
                "obvious",
                "sugarcoat",
                "misses the point",
                "no one wants",
                "nobody wants",
                "blame",
                "get on with it",
                "get this wrong",
                "like everyone else",
                "is lazy",
                "stupid",
                "pointless",
                "not mine",
                "nobody has time",
                "no one has time",
                "come crying");
        add(
                StyleAxis.NEUROTICISM,
                1,
                "~worry",
                "worried",
                "~worries",
                "~worrying",
                "anxious",
                "anxiety",
                "nervous",
                "nerves",
                "uneasy",
                "tense",
                "~panic",
                "panicking",
                "scared",
                "afraid",
                "~fear",
                "~stress",
                "stressed",
                "stressful",
                "careful",
                "overwhelmed",
                "on edge",
                "lose sleep",
                "losing sleep",
                "fingers crossed",
                "crossing my fingers",
                "disaster",
                "what if",
                "be careful",
                "be very careful",
                "watch out",
                "just in case",
                "in case",
                "on guard",
                "oh no",
                "fall apart",
                "falls apart",
                "dread",
                "insecure",
                "nervously");
        add(
                StyleAxis.NEUROTICISM,
                -1,
                "calm",
                "calmly",
                "relax",
                "relaxed",
                "relaxing",
                "no big deal",
                "not a big deal",
                "steady",
                "confident",
                "confidence",
                "secure",
                "unbothered",
                "take it easy",
                "be okay",
                "be alright",
                "no worries",
                "no stress",
                "breathe",
                "take a breath",
                "manageable",
                "carry on",
                "keep calm",
                "stay calm",
                "trust yourself",
                "easy to fix",
                "composed",
                "serene",
                "at ease");
        add(
                StyleAxis.FORMALITY,
                1,
                "therefore",
                "furthermore",
                "moreover",
                "consequently",
                "accordingly",
                "hence",
                "regarding",
                "with regard to",
                "concerning",
                "enquiry",
                "inquiry",
                "advisable",
                "prudent",
                "one should",
                "one might",
                "one may",
                "one ought",
                "individual",
                "individuals",
                "acquire",
                "acquiring",
                "acquisition",
                "obtain",
                "obtaining",
                "beneficial",
                "considerable",
                "of assistance",
                "assistance",
                "assist",
                "i trust",
                "i shall",
                "allow me",
                "permit me",
                "sincerely",
                "respectfully",
                "greetings",
                "good day",
                "should you require",
                "require",
                "essential",
                "recognise",
                "recognize",
                "acknowledge",
                "merits",
                "warranted",
                "in respect of",
                "as regards",
                "with respect to",
                "endeavour",
                "endeavor",
                "principal",
                "bear in mind",
                "worthwhile",
                "certainly",
                "indeed",
                "satisfactorily",
                "adequately",
                "appropriate",
                "suffices",
                "regards",
                "additional",
                "shall",
                "whom",
                "thus");
        add(
                StyleAxis.FORMALITY,
                -1,
                "hey",
                "yeah",
                "yep",
                "yo",
                "gonna",
                "gotta",
                "kinda",
                "sorta",
                "tbh",
                "ngl",
                "lol",
                "haha",
                "heh",
                "dude",
                "mate",
                "buddy",
                "folks",
                "stuff",
                "no biggie",
                "super",
                "cheers",
                "catch ya",
                "okay so",
                "oh man",
                "real talk",
                "ain't",
                "grab",
                "grabbing",
                "tons",
                "loads",
                "a bunch",
                "chill",
                "basically",
                "sorted",
                "golden",
                "holler",
                "ping me",
                "the gist",
                "mess this up",
                "messed",
                "meh",
                "eh",
                "wanna",
                "awesome",
                "peace");
        add(
                StyleAxis.SENTIMENT,
                1,
                "great",
                "wonderful",
                "lovely",
                "excellent",
                "fantastic",
                "amazing",
                "delightful",
                "delight",
                "enjoy",
                "enjoyable",
                "enjoying",
                "love",
                "loved",
                "favourite",
                "favorite",
                "joy",
                "joyful",
                "happiness",
                "happy",
                "~fun",
                "glad",
                "beautiful",
                "beautifully",
                "brilliant",
                "rewarding",
                "satisfying",
                "magical",
                "breathtaking",
                "bliss",
                "makes my day",
                "brightens my day",
                "smile",
                "success",
                "~pleasant",
                "thrilling",
                "treasure",
                "freedom",
                "worth the wait",
                "cheerful",
                "superb",
                "marvellous",
                "marvelous",
                "optimistic",
                "hopeful");
        add(
                StyleAxis.SENTIMENT,
                -1,
                "ugh",
                "sigh",
                "sadly",
                "unfortunately",
                "tedious",
                "frustrating",
                "frustration",
                "boring",
                "bored",
                "dull",
                "dreary",
                "miserable",
                "awful",
                "terrible",
                "horrible",
                "hate",
                "dislike",
                "cannot stand",
                "can't stand",
                "annoying",
                "annoyed",
                "disappointing",
                "disappointment",
                "underwhelming",
                "mediocre",
                "chore",
                "hassle",
                "a real pain",
                "grind",
                "slog",
                "drudgery",
                "exhausting",
                "oh well",
                "such is life",
                "grim",
                "sad",
                "worst",
                "nightmare",
                "infuriating",
                "demoralising",
                "draining",
                "letdown",
                "agony",
                "brutal",
                "unfair",
                "hurts",
                "stings",
                "painfully",
                "gloomy",
                "pessimistic",
                "depressing");
        add(
                StyleAxis.VERBOSITY,
                1,
                "for example",
                "for instance",
                "as an example",
                "in other words",
                "to elaborate",
                "in more detail",
                "more detail",
                "detail",
                "detailed",
                "worth mentioning",
                "worth noting",
                "worth remembering",
                "worth keeping in mind",
                "on top of that",
                "beyond that",
                "in addition",
                "side note",
                "to sum up",
                "in summary",
                "to recap",
                "put differently",
                "to put it another way",
                "said another way",
                "let me explain",
                "walk you through",
                "explanation",
                "a number of",
                "each of them",
                "overview",
                "as well",
                "additionally",
                "to explain a little further",
                "go into more detail",
                "many aspects",
                "a lot to unpack",
                "a lot to say");
        add(
                StyleAxis.VERBOSITY,
                -1,
                "short answer",
                "in short",
                "briefly",
                "bottom line",
                "quick answer",
                "that is it",
                "that's it",
                "done",
                "simple as that",
                "nothing more to it",
                "enough said",
                "that is all",
                "that's all",
                "key point",
                "tl dr",
                "in brief",
                "long story short");
        add(
                StyleAxis.OPENNESS,
                1,
                "mixing ideas",
                "combining ideas",
                "keep your eyes open",
                "strangest places",
                "twist",
                "an original");
        add(StyleAxis.OPENNESS, -1, "what most people do", "most people use", "get fancy");
        add(StyleAxis.CONSCIENTIOUSNESS, 1, "note down", "fixed routine", "prepare well", "simple log");
        add(
                StyleAxis.CONSCIENTIOUSNESS,
                -1,
                "more like guidelines",
                "more like suggestions",
                "until you feel like it",
                "i usually forget",
                "tomorrow");
        add(
                StyleAxis.EXTRAVERSION,
                -1,
                "tell anyone",
                "involve anyone else",
                "than discuss it",
                "than talk about it",
                "evenings at home",
                "evenings on your own");
        add(StyleAxis.AGREEABLENESS, 1, "trying hard", "hard on yourself", "we all start somewhere");
        add(StyleAxis.AGREEABLENESS, -1, "isn't complicated", "no exception", "do it for you", "search first");
        add(StyleAxis.NEUROTICISM, 1, "could go wrong", "so much could");
        add(StyleAxis.NEUROTICISM, -1, "totally okay", "matter much", "isn't a big deal");
        add(StyleAxis.FORMALITY, 1, "where possible", "will prove");
        add(StyleAxis.SENTIMENT, 1, "the best part", "turn out well", "how good");
    }

    private StyleLexicon() {}

    private static void add(StyleAxis axis, int sign, String... phrases) {
        for (String spec : phrases) {
            boolean flippable = spec.startsWith("~");
            String phrase = flippable ? spec.substring(1) : spec;
            String[] words = phrase.split(" ");
            List<Map.Entry<String[], List<Marker>>> list = BY_FIRST.computeIfAbsent(words[0], k -> new ArrayList<>());
            Map.Entry<String[], List<Marker>> entry = null;
            for (Map.Entry<String[], List<Marker>> e : list) {
                if (String.join(" ", e.getKey()).equals(phrase)) {
                    entry = e;
                }
            }
            if (entry == null) {
                entry = Map.entry(words, new ArrayList<>());
                list.add(entry);
                list.sort((a, b) -> b.getKey().length - a.getKey().length);
            }
            entry.getValue().add(new Marker(axis, sign, flippable));
        }
    }

    /** Lower-case word tokens of {@code text} (and "!"), as the markers are matched against them. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT).replace('’', '\''));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Marker counts per axis: {@code [high-pole markers, low-pole markers]}. */
    public static Map<StyleAxis, int[]> counts(String text) {
        Map<StyleAxis, int[]> counts = new EnumMap<>(StyleAxis.class);
        for (StyleAxis a : StyleAxis.values()) {
            counts.put(a, new int[2]);
        }
        List<String> tokens = tokens(text);
        int i = 0;
        while (i < tokens.size()) {
            String t = tokens.get(i);
            if (CONTRACTION.matcher(t).matches()) {
                counts.get(StyleAxis.FORMALITY)[1]++;
            }
            int matched = 1;
            List<Map.Entry<String[], List<Marker>>> candidates = BY_FIRST.get(t);
            if (candidates != null) {
                for (Map.Entry<String[], List<Marker>> e : candidates) {
                    if (matches(tokens, i, e.getKey())) {
                        boolean negated = negated(tokens, i);
                        for (Marker marker : e.getValue()) {
                            int sign = negated && marker.flippable() ? -marker.sign() : marker.sign();
                            counts.get(marker.axis())[sign > 0 ? 0 : 1]++;
                        }
                        matched = e.getKey().length;
                        break;
                    }
                }
            }
            i += matched;
        }
        return counts;
    }

    private static boolean matches(List<String> tokens, int at, String[] words) {
        if (at + words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(at + k).equals(words[k])) {
                return false;
            }
        }
        return true;
    }

    private static boolean negated(List<String> tokens, int at) {
        for (int k = at - 1; k >= Math.max(0, at - 3); k--) {
            String t = tokens.get(k);
            if (NEGATORS.contains(t)) {
                return true;
            }
            if (PUNCTUATION.contains(t)) {
                return false;
            }
        }
        return false;
    }

    /** The score of {@code text} on {@code axis}, in (-1, 1); 0 when no marker of the axis is present. */
    public static double score(StyleAxis axis, String text) {
        return scores(text).get(axis);
    }

    /** Scores on every axis. */
    public static Map<StyleAxis, Double> scores(String text) {
        Map<StyleAxis, int[]> counts = counts(text);
        Map<StyleAxis, Double> scores = new EnumMap<>(StyleAxis.class);
        for (StyleAxis a : StyleAxis.values()) {
            int[] c = counts.get(a);
            double s = (c[0] - c[1]) / (c[0] + c[1] + 1.0);
            if (a == StyleAxis.VERBOSITY) {
                int words = (int) tokens(text).stream()
                        .filter(t -> !PUNCTUATION.contains(t))
                        .count();
                s = 0.5 * s + 0.5 * Math.tanh((words - 45) / 25.0);
            }
            scores.put(a, s);
        }
        return scores;
    }
}
