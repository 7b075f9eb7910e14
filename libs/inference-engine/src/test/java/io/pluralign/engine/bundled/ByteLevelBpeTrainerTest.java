package io.pluralign.engine.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.hubspot.jinjava.Jinjava;
import io.pluralign.engine.bundled.CorpusGenerator.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ByteLevelBpeTrainerTest {
    private static final int VOCAB = 2048;
    private static final Map<String, String> NO_EXTRAS = Map.of("addSpecialTokens", "false", "truncation", "false");

    @TempDir
    static Path dir;

    private static List<Example> training;
    private static List<Example> heldOut;
    private static ByteLevelBpeTrainer.Tokenizer trained;
    private static HuggingFaceTokenizer hf;

    @BeforeAll
    static void train() throws IOException {
        System.setProperty("ai.djl.offline", "true");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            // the native library is unpacked here rather than into ~/.djl.ai
            System.setProperty(
                    "DJL_CACHE_DIR",
                    Path.of(System.getProperty("java.io.tmpdir"), "djl").toString());
        }
        training = new CorpusGenerator(31).examples(1500);
        heldOut = new CorpusGenerator(32).examples(200);
        ByteLevelBpeTrainer trainer = new ByteLevelBpeTrainer(VOCAB);
        training.forEach(e -> trainer.add(e.chatText()));
        trained = trainer.train();
        trained.write(dir, 1024);
        hf = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"), NO_EXTRAS);
    }

    @AfterAll
    static void close() {
        if (hf != null) {
            hf.close();
        }
    }

    private static long[] ids(String text) {
        return hf.encode(text).getIds();
    }

    private static String roundTrip(String text) {
        return hf.decode(ids(text), false);
    }

    @Test
    void vocabularyHasTheRequestedSizeWithSpecialTokensFirst() throws IOException {
        assertThat(trained.vocabSize()).isEqualTo(VOCAB);
        JsonNode json = JsonMapper.builder().build().readTree(dir.resolve("tokenizer.json"));
        JsonNode vocab = json.get("model").get("vocab");
        assertThat(vocab.size()).isEqualTo(VOCAB);
        Set<Integer> ids = new HashSet<>();
        vocab.properties().forEach(e -> ids.add(e.getValue().asInt()));
        assertThat(ids).hasSize(VOCAB).allMatch(i -> i >= 0 && i < VOCAB);
        for (int i = 0; i < ChatFormat.SPECIAL_TOKENS.size(); i++) {
            assertThat(vocab.get(ChatFormat.SPECIAL_TOKENS.get(i)).asInt()).isEqualTo(i);
            assertThat(json.get("added_tokens").get(i).get("content").asString())
                    .isEqualTo(ChatFormat.SPECIAL_TOKENS.get(i));
        }
        assertThat(vocab.get("Ġ").asInt()).isEqualTo(ChatFormat.SPECIAL_TOKENS.size() + ' ');
        assertThat(json.get("model").get("merges").size()).isGreaterThanOrEqualTo(VOCAB - 7 - 256);
    }

    @Test
    void roundTripsHeldOutCorpusTextExactly() {
        for (Example e : heldOut) {
            assertThat(roundTrip(e.chatText())).isEqualTo(e.chatText());
        }
    }

    @Test
    void roundTripsOddUnicodeAndWhitespaceExactly() {
        List<String> odd = List.of(
                "👩‍👩‍👧‍👦 family, 🇳🇱 flag, 🤖!",
                "日本語のテキストと中文",
                "e\u0301 and é differ; Å vs Å",
                "שלום עולם مرحبا",
                "zero\u200bwidth\u200djoin\ufeffbom",
                "\ttabs\t\tand\r\nnewlines\n\n\n   spaces   ",
                "   leading and trailing   ",
                "\u0000\u0001\u0007\u001b[31m control",
                "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕞𝕒𝕥𝕙 ∮ E⋅da = Q",
                "<|bos <|unknown|> |> <| almost special",
                "don't 's 're 1234567890 3.14159 x²",
                "");
        for (String s : odd) {
            assertThat(roundTrip(s)).as(s).isEqualTo(s);
        }
    }

    @Test
    void specialTokensAreSingleIdsEvenNextToText() {
        for (int i = 0; i < ChatFormat.SPECIAL_TOKENS.size(); i++) {
            String token = ChatFormat.SPECIAL_TOKENS.get(i);
            assertThat(ids(token)).containsExactly(i);
            long[] around = ids("word" + token + "\nword");
            assertThat(around).contains((long) i);
            assertThat(hf.decode(around, false)).isEqualTo("word" + token + "\nword");
        }
        long[] chat = ids(heldOut.get(0).chatText());
        assertThat(chat[0]).isEqualTo(0); // <|bos|>
        assertThat(chat[1]).isEqualTo(2); // <|system|>
        assertThat(chat[chat.length - 2]).isEqualTo(5); // <|end|>
        // skipping special tokens leaves the text of the turns
        assertThat(hf.decode(ids(ChatFormat.conversation("s", "u", "a")), true)).isEqualTo("\ns\n\nu\n\na\n");
    }

    @Test
    void compressesHeldOutCorpusTextToMoreThanThreeCharactersPerToken() {
        long chars = 0;
        long tokens = 0;
        for (Example e : heldOut) {
            chars += e.chatText().length();
            tokens += ids(e.chatText()).length;
        }
        double compression = (double) chars / tokens;
        System.out.printf("vocab %d: %.2f characters per token on held-out corpus text%n", VOCAB, compression);
        assertThat(compression).isGreaterThan(3.0);
        // a single answer word costs one token
        assertThat(ids(" wonderful")).hasSize(1);
    }

    @Test
    void longTextIsNotTruncated() {
        StringBuilder sb = new StringBuilder();
        heldOut.forEach(e -> sb.append(e.chatText()));
        String text = sb.toString();
        long[] ids = ids(text);
        assertThat(ids.length).isGreaterThan(4 * 512);
        assertThat(hf.decode(ids, false)).isEqualTo(text);
    }

    @Test
    void folderWithTokenizerConfigLoadsAndDecodesTheSame() throws IOException {
        try (HuggingFaceTokenizer fromFolder = HuggingFaceTokenizer.newInstance(dir, NO_EXTRAS)) {
            String text = heldOut.get(3).chatText();
            long[] ids = fromFolder.encode(text).getIds();
            assertThat(ids).containsExactly(ids(text));
            assertThat(fromFolder.decode(ids, false)).isEqualTo(text);
        }
    }

    @Test
    void chatTemplateRendersTheTrainingFormat() throws IOException {
        JsonNode config = JsonMapper.builder().build().readTree(dir.resolve("tokenizer_config.json"));
        assertThat(config.get("bos_token").asString()).isEqualTo("<|bos|>");
        assertThat(config.get("eos_token").asString()).isEqualTo("<|eos|>");
        assertThat(config.get("pad_token").asString()).isEqualTo("<|pad|>");
        String template = config.get("chat_template").asString();
        Example e = heldOut.get(7);
        List<Map<String, Object>> messages = new ArrayList<>();
        messages.add(Map.of("role", "system", "content", e.system()));
        messages.add(Map.of("role", "user", "content", e.user()));
        Map<String, Object> context = new HashMap<>();
        context.put("messages", messages);
        context.put("add_generation_prompt", true);
        Jinjava jinja = new Jinjava();
        assertThat(jinja.render(template, context)).isEqualTo(ChatFormat.prompt(e.system(), e.user()));

        messages.add(Map.of("role", "assistant", "content", e.assistant()));
        context.put("add_generation_prompt", false);
        assertThat(jinja.render(template, context)).isEqualTo(e.chatText());
    }

    @Test
    void trainingIsDeterministic() throws IOException {
        ByteLevelBpeTrainer again = new ByteLevelBpeTrainer(VOCAB);
        training.forEach(e -> again.add(e.chatText()));
        Path other = dir.resolve("again");
        again.train().write(other, 1024);
        assertThat(Files.readString(other.resolve("tokenizer.json")))
                .isEqualTo(Files.readString(dir.resolve("tokenizer.json")));
    }

    @Test
    void trainsOnAFewMegabytesInSeconds() {
        // about 3 MB: the training text four times over, plus a little of everything else
        StringBuilder sb = new StringBuilder();
        training.forEach(e -> sb.append(e.chatText()));
        String corpus = sb.toString().repeat(4) + "日本語 👩‍👩‍👧 çà et là ".repeat(1000);
        long start = System.nanoTime();
        ByteLevelBpeTrainer trainer = new ByteLevelBpeTrainer(4096).add(corpus);
        ByteLevelBpeTrainer.Tokenizer t = trainer.train();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("trained vocab %d on %.1f MB in %.2f s%n", t.vocabSize(), corpus.length() / 1e6, seconds);
        assertThat(corpus.length()).isGreaterThan(3_000_000);
        assertThat(t.vocabSize()).isEqualTo(4096);
        assertThat(seconds).isLessThan(30);
    }

    @Test
    void byteTableIsTheGpt2OneAndABijection() {
        Set<Character> chars = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            chars.add(ByteLevelBpeTrainer.BYTE_TO_CHAR[b]);
        }
        assertThat(chars).hasSize(256);
        assertThat(ByteLevelBpeTrainer.BYTE_TO_CHAR['a']).isEqualTo('a');
        assertThat(ByteLevelBpeTrainer.BYTE_TO_CHAR[' ']).isEqualTo('Ġ');
        assertThat(ByteLevelBpeTrainer.BYTE_TO_CHAR['\n']).isEqualTo('Ċ');
        assertThat(ByteLevelBpeTrainer.toByteLevel(" é")).isEqualTo("ĠÃ©");
    }
}
