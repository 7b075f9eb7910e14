package io.pluralign.steering.domain;

import io.pluralign.engine.LanguageModel;
import io.pluralign.engine.Pooling;
import io.pluralign.engine.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the served model's residual stream for texts given as answers in a chat: the conversation (optional system
 * message, the user turn) is formatted by the model's chat template, the answer follows, and activations are averaged
 * over the answer's tokens only, at the output of each requested block.
 */
public final class ActivationReader {

    /** An answer and the conversation it answers. */
    public record Answer(String system, String prompt, String text) {}

    private final LanguageModel model;

    public ActivationReader(LanguageModel model) {
        this.model = model;
    }

    public int numLayers() {
        return model.config().numLayers();
    }

    /** Every layer index, 0 to numLayers - 1. */
    public int[] allLayers() {
        int[] layers = new int[numLayers()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = i;
        }
        return layers;
    }

    /** The answer's token-mean activation at each of {@code layers}: [layer index][hidden]. */
    public float[][] answerMean(Answer answer, int[] layers) {
        Tokens t = tokens(answer);
        return model.capture(List.of(t.ids()), layers, Pooling.mean(t.answerStart(), 0))[0];
    }

    /** The last token's activation of each answer at each of {@code layers}, batched: [answer][layer index][hidden]. */
    public float[][][] lastToken(List<Answer> answers, int[] layers) {
        List<int[]> ids = new ArrayList<>();
        for (Answer a : answers) {
            ids.add(tokens(a).ids());
        }
        return model.capture(ids, layers, Pooling.LAST_TOKEN);
    }

    /** Mean over all tokens of each plain text (no chat formatting), batched: [text][layer index][hidden]. */
    public float[][][] textMean(List<String> texts, int[] layers) {
        List<int[]> ids = new ArrayList<>();
        for (String text : texts) {
            ids.add(encodeWithinContext(text));
        }
        return model.capture(ids, layers, Pooling.MEAN);
    }

    /** Whether the answer, with its conversation, fits the model's context. */
    public boolean fits(Answer answer) {
        try {
            tokens(answer);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Token count of a plain text. */
    public int tokenCount(String text) {
        return model.tokenizer().encode(text).length;
    }

    private int[] encodeWithinContext(String text) {
        int[] ids = model.tokenizer().encode(text);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the text is empty once tokenized");
        }
        if (ids.length > model.config().maxPositions()) {
            throw new IllegalArgumentException("a text of " + ids.length + " tokens exceeds the context length of "
                    + model.config().maxPositions() + " tokens");
        }
        return ids;
    }

    private record Tokens(int[] ids, int answerStart) {}

    private Tokens tokens(Answer answer) {
        List<ChatMessage> messages = new ArrayList<>();
        if (answer.system() != null && !answer.system().isBlank()) {
            messages.add(ChatMessage.system(answer.system()));
        }
        messages.add(ChatMessage.user(answer.prompt() == null ? "" : answer.prompt()));
        String prefix = model.chatTemplate().render(messages, true);
        int start = model.tokenizer().encode(prefix).length;
        int[] ids = encodeWithinContext(prefix + answer.text());
        if (ids.length <= start) {
            throw new IllegalArgumentException("the answer is empty once tokenized");
        }
        return new Tokens(ids, start);
    }
}
