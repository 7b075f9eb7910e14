package io.pluralign.engine.bundled;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains a byte-level BPE tokenizer (GPT-2 style) and writes it as a Hugging Face {@code tokenizer.json}.
 *
 * <p>Text is split at the special tokens, then into pre-tokens with the GPT-2 pattern (contractions, letter runs and
 * digit runs with an optional leading space, other symbols, whitespace); each pre-token's UTF-8 bytes become symbols
 * through the GPT-2 byte-to-character table. Pre-tokens are counted once ({@link #add}); {@link #train} then merges the
 * most frequent adjacent pair repeatedly, updating pair counts only in the words that contain the merged pair.
 *
 * <p>Ids: the special tokens first (0 ..), then the 256 byte symbols in byte order, then one id per merge.
 */
public final class ByteLevelBpeTrainer {
    public static final int DEFAULT_VOCAB_SIZE = 4096;

    /** The GPT-2 pre-tokenization pattern, the one Hugging Face's ByteLevel pre-tokenizer applies. */
    static final Pattern PRE_TOKEN = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    /** Byte value to the printable character that stands for it in the vocabulary. */
    static final char[] BYTE_TO_CHAR = byteToChar();

    private final int vocabSize;
    private final List<String> specialTokens;
    private final int minFrequency;
    private final Map<String, int[]> wordCounts = new HashMap<>();
    private long characters;

    /** A trainer with the {@link ChatFormat#SPECIAL_TOKENS}. */
    public ByteLevelBpeTrainer(int vocabSize) {
        this(vocabSize, ChatFormat.SPECIAL_TOKENS, 2);
    }

    /**
     * @param vocabSize total vocabulary size wanted, special tokens and the 256 byte symbols included
     * @param minFrequency training stops early when the most frequent pair occurs fewer times than this
     */
    public ByteLevelBpeTrainer(int vocabSize, List<String> specialTokens, int minFrequency) {
        if (vocabSize < specialTokens.size() + 256) {
            throw new IllegalArgumentException("vocabSize must cover the special tokens and the 256 bytes");
        }
        this.vocabSize = vocabSize;
        this.specialTokens = List.copyOf(specialTokens);
        this.minFrequency = Math.max(1, minFrequency);
    }

    private static char[] byteToChar() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = 0; b < 256; b++) {
            printable[b] = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        }
        int next = 256;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) next++;
        }
        return map;
    }

    /** The byte-level form of {@code text}: one vocabulary character per UTF-8 byte. */
    static String toByteLevel(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(out);
    }

    /** Counts the pre-tokens of {@code text}; special tokens in it are cut out and not learned from. */
    public ByteLevelBpeTrainer add(CharSequence text) {
        String s = text.toString();
        characters += s.length();
        int start = 0;
        int i = s.indexOf("<|");
        while (i >= 0) {
            String special = specialAt(s, i);
            if (special != null) {
                countSegment(s, start, i);
                start = i + special.length();
                i = s.indexOf("<|", start);
            } else {
                i = s.indexOf("<|", i + 1);
            }
        }
        countSegment(s, start, s.length());
        return this;
    }

    private String specialAt(String s, int at) {
        for (String special : specialTokens) {
            if (s.startsWith(special, at)) {
                return special;
            }
        }
        return null;
    }

    private void countSegment(String s, int from, int to) {
        if (from >= to) {
            return;
        }
        Matcher m = PRE_TOKEN.matcher(s).region(from, to);
        while (m.find()) {
            wordCounts.computeIfAbsent(m.group(), k -> new int[1])[0]++;
        }
    }

    /** Number of distinct pre-tokens counted so far. */
    public int distinctWords() {
        return wordCounts.size();
    }

    /** Learns merges until the vocabulary has {@code vocabSize} entries or no pair is frequent enough. */
    public Tokenizer train() {
        int n = wordCounts.size();
        int[][] words = new int[n][];
        int[] lengths = new int[n];
        int[] freqs = new int[n];
        int w = 0;
        for (Map.Entry<String, int[]> e : wordCounts.entrySet()) {
            byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[bytes.length];
            for (int k = 0; k < bytes.length; k++) {
                symbols[k] = bytes[k] & 0xFF;
            }
            words[w] = symbols;
            lengths[w] = symbols.length;
            freqs[w] = e.getValue()[0];
            w++;
        }

        List<String> symbols = new ArrayList<>(vocabSize);
        Map<String, Integer> symbolIds = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            symbols.add(String.valueOf(BYTE_TO_CHAR[b]));
            symbolIds.put(symbols.get(b), b);
        }
        Map<Long, long[]> counts = new HashMap<>();
        Map<Long, IntList> where = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k + 1 < lengths[i]; k++) {
                long key = pair(words[i][k], words[i][k + 1]);
                counts.computeIfAbsent(key, x -> new long[1])[0] += freqs[i];
                where.computeIfAbsent(key, x -> new IntList()).add(i);
            }
        }
        PriorityQueue<long[]> heap =
                new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
        counts.forEach((key, c) -> heap.add(new long[] {c[0], key}));

        List<String[]> merges = new ArrayList<>();
        int[] seenStamp = new int[n];
        int stamp = 0;
        Map<Long, Boolean> touched = new LinkedHashMap<>();
        int target = vocabSize - specialTokens.size();
        while (symbols.size() < target && !heap.isEmpty()) {
            long[] top = heap.poll();
            long key = top[1];
            long[] current = counts.get(key);
            if (current == null || current[0] != top[0]) {
                continue; // stale entry; the pair's current count is in the heap too
            }
            if (current[0] < minFrequency) {
                break;
            }
            int a = (int) (key >>> 32);
            int b = (int) key;
            String merged = symbols.get(a) + symbols.get(b);
            counts.remove(key);
            IntList occurrences = where.remove(key);
            if (specialTokens.contains(merged)) {
                continue;
            }
            // two different pairs can spell the same token ("a"+"bc", "ab"+"c"): it keeps its first id
            Integer known = symbolIds.get(merged);
            int id = known != null ? known : symbols.size();
            if (known == null) {
                symbols.add(merged);
                symbolIds.put(merged, id);
            }
            merges.add(new String[] {symbols.get(a), symbols.get(b)});
            stamp++;
            touched.clear();
            for (int o = 0; o < occurrences.size; o++) {
                int wi = occurrences.items[o];
                if (seenStamp[wi] == stamp) {
                    continue;
                }
                seenStamp[wi] = stamp;
                int[] s = words[wi];
                int len = lengths[wi];
                boolean found = false;
                for (int k = 0; k + 1 < len; k++) {
                    if (s[k] == a && s[k + 1] == b) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    continue;
                }
                int f = freqs[wi];
                for (int k = 0; k + 1 < len; k++) {
                    long p = pair(s[k], s[k + 1]);
                    if (p != key) {
                        long[] c = counts.get(p);
                        c[0] -= f;
                        touched.put(p, Boolean.TRUE);
                    }
                }
                int out = 0;
                for (int k = 0; k < len; ) {
                    if (k + 1 < len && s[k] == a && s[k + 1] == b) {
                        s[out++] = id;
                        k += 2;
                    } else {
                        s[out++] = s[k++];
                    }
                }
                lengths[wi] = out;
                for (int k = 0; k + 1 < out; k++) {
                    long p = pair(s[k], s[k + 1]);
                    counts.computeIfAbsent(p, x -> new long[1])[0] += f;
                    touched.put(p, Boolean.TRUE);
                    if (s[k] == id || s[k + 1] == id) {
                        where.computeIfAbsent(p, x -> new IntList()).add(wi);
                    }
                }
            }
            for (Long p : touched.keySet()) {
                long[] c = counts.get(p);
                if (c != null && c[0] <= 0) {
                    counts.remove(p);
                    where.remove(p);
                } else if (c != null) {
                    heap.add(new long[] {c[0], p});
                }
            }
        }
        return new Tokenizer(specialTokens, symbols, merges);
    }

    private static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    /** Characters passed to {@link #add} so far. */
    public long characters() {
        return characters;
    }

    private static final class IntList {
        int[] items = new int[4];
        int size;

        void add(int v) {
            if (size == items.length) {
                items = java.util.Arrays.copyOf(items, size * 2);
            }
            items[size++] = v;
        }
    }

    /** A trained tokenizer: special tokens, byte-level symbols (bytes then merges, in id order) and merges. */
    public static final class Tokenizer {
        private final List<String> specialTokens;
        private final List<String> symbols;
        private final List<String[]> merges;

        Tokenizer(List<String> specialTokens, List<String> symbols, List<String[]> merges) {
            this.specialTokens = List.copyOf(specialTokens);
            this.symbols = List.copyOf(symbols);
            this.merges = List.copyOf(merges);
        }

        /** Total number of ids, special tokens included. */
        public int vocabSize() {
            return specialTokens.size() + symbols.size();
        }

        public int mergeCount() {
            return merges.size();
        }

        /** The id of a special token, or -1. */
        public int specialTokenId(String token) {
            return specialTokens.indexOf(token);
        }

        /** The vocabulary, token to id, in id order. */
        public Map<String, Integer> vocab() {
            Map<String, Integer> vocab = new LinkedHashMap<>();
            for (String s : specialTokens) {
                vocab.put(s, vocab.size());
            }
            for (String s : symbols) {
                vocab.put(s, vocab.size());
            }
            return vocab;
        }

        /** The Hugging Face {@code tokenizer.json} document. */
        public ObjectNode tokenizerJson(ObjectMapper mapper) {
            ObjectNode root = mapper.createObjectNode();
            root.put("version", "1.0");
            root.putNull("truncation");
            root.putNull("padding");
            ArrayNode added = root.putArray("added_tokens");
            for (int i = 0; i < specialTokens.size(); i++) {
                ObjectNode t = added.addObject();
                t.put("id", i);
                t.put("content", specialTokens.get(i));
                t.put("single_word", false);
                t.put("lstrip", false);
                t.put("rstrip", false);
                t.put("normalized", false);
                t.put("special", true);
            }
            root.putNull("normalizer");
            root.set("pre_tokenizer", byteLevel(mapper, true));
            // No template: nothing is added around a sequence; the chat template writes <|bos|> itself.
            root.set("post_processor", byteLevel(mapper, false));
            root.set("decoder", byteLevel(mapper, true));
            ObjectNode model = root.putObject("model");
            model.put("type", "BPE");
            model.putNull("dropout");
            model.putNull("unk_token");
            model.putNull("continuing_subword_prefix");
            model.putNull("end_of_word_suffix");
            model.put("fuse_unk", false);
            model.put("byte_fallback", false);
            model.put("ignore_merges", false);
            ObjectNode vocab = model.putObject("vocab");
            vocab().forEach(vocab::put);
            ArrayNode mergeArray = model.putArray("merges");
            for (String[] m : merges) {
                mergeArray.add(m[0] + " " + m[1]);
            }
            return root;
        }

        private static ObjectNode byteLevel(ObjectMapper mapper, boolean trimOffsets) {
            ObjectNode n = mapper.createObjectNode();
            n.put("type", "ByteLevel");
            n.put("add_prefix_space", false);
            n.put("trim_offsets", trimOffsets);
            n.put("use_regex", true);
            return n;
        }

        /**
         * The {@code tokenizer_config.json} document: special tokens, the chat template and the model's context
         * length ({@code model_max_length}).
         */
        public ObjectNode tokenizerConfig(ObjectMapper mapper, int modelMaxLength) {
            ObjectNode root = mapper.createObjectNode();
            root.put("tokenizer_class", "PreTrainedTokenizerFast");
            root.put("bos_token", ChatFormat.BOS);
            root.put("eos_token", ChatFormat.EOS);
            root.put("pad_token", ChatFormat.PAD);
            root.putNull("unk_token");
            ArrayNode extra = root.putArray("additional_special_tokens");
            for (String s : specialTokens) {
                if (!s.equals(ChatFormat.BOS) && !s.equals(ChatFormat.EOS) && !s.equals(ChatFormat.PAD)) {
                    extra.add(s);
                }
            }
            root.put("add_bos_token", false);
            root.put("add_eos_token", false);
            root.put("add_prefix_space", false);
            root.put("clean_up_tokenization_spaces", false);
            root.put("model_max_length", modelMaxLength);
            root.put("chat_template", ChatFormat.CHAT_TEMPLATE);
            ObjectNode decoder = root.putObject("added_tokens_decoder");
            for (int i = 0; i < specialTokens.size(); i++) {
                ObjectNode t = decoder.putObject(Integer.toString(i));
                t.put("content", specialTokens.get(i));
                t.put("lstrip", false);
                t.put("normalized", false);
                t.put("rstrip", false);
                t.put("single_word", false);
                t.put("special", true);
            }
            return root;
        }

        /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
        public void write(Path dir, int modelMaxLength) throws IOException {
            Files.createDirectories(dir);
            ObjectMapper mapper = JsonMapper.builder().build();
            Files.writeString(
                    dir.resolve("tokenizer.json"),
                    mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tokenizerJson(mapper)));
            Files.writeString(
                    dir.resolve("tokenizer_config.json"),
                    mapper.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(tokenizerConfig(mapper, modelMaxLength)));
        }
    }
}
