package io.pluralign.engine;

/**
 * How captured activations are pooled over a text's tokens: its last token, or the mean over the token range
 * [from, to) where negative bounds count from the end (to = 0 means the end).
 */
public record Pooling(boolean lastToken, int from, int to) {

    public static final Pooling LAST_TOKEN = new Pooling(true, 0, 0);

    /** Mean over every token. */
    public static final Pooling MEAN = new Pooling(false, 0, 0);

    /** Mean over tokens [from, to) (negative counts from the end, to 0 is the end). */
    public static Pooling mean(int from, int to) {
        return new Pooling(false, from, to);
    }

    /** Fills this text's [tokens] row of pooling weights (summing to 1); fails when the range is empty. */
    void weights(int length, float[] row, int offset) {
        if (lastToken) {
            row[offset + length - 1] = 1f;
            return;
        }
        int start = from < 0 ? length + from : from;
        int end = to <= 0 ? length + to : to;
        start = Math.max(0, start);
        end = Math.min(length, end);
        if (end <= start) {
            throw new IllegalArgumentException(
                    "pooling range [" + from + ", " + to + ") is empty for a text of " + length + " tokens");
        }
        for (int i = start; i < end; i++) {
            row[offset + i] = 1f / (end - start);
        }
    }
}
