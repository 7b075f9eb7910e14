package io.pluralign.engine;

import java.util.List;

/**
 * Turns a sequence's generated tokens into text deltas: it decodes the whole output each time (so multi-token
 * characters come out right), holds back an incomplete character and any tail that could still grow into a stop
 * string, and cuts the text at the first stop string.
 */
final class TextStream {

    private final TextTokenizer tokenizer;
    private final List<String> stop;
    private String text = "";
    private int emitted;
    private boolean stopped;

    TextStream(TextTokenizer tokenizer, List<String> stop) {
        if (tokenizer == null && !stop.isEmpty()) {
            throw new IllegalArgumentException("stop strings need a model with a tokenizer");
        }
        this.tokenizer = tokenizer;
        this.stop = stop;
    }

    /** Accepts the output so far ({@code tokens[0, count)}); returns the text that may be emitted now. */
    String accept(int[] tokens, int offset, int count) {
        if (tokenizer == null || stopped) {
            return "";
        }
        int[] generated = new int[count];
        System.arraycopy(tokens, offset, generated, 0, count);
        String decoded = tokenizer.decode(generated);
        int cut = firstStop(decoded);
        if (cut >= 0) {
            stopped = true;
            text = decoded.substring(0, cut);
            return release(text.length());
        }
        text = decoded;
        int safe = decoded.length();
        if (safe > 0 && decoded.charAt(safe - 1) == '\uFFFD') {
            safe--;
        }
        safe -= pendingStopPrefix(decoded, safe);
        return release(Math.max(safe, emitted));
    }

    /** The rest of the text at the end of the sequence. */
    String flush() {
        return release(text.length());
    }

    boolean stopped() {
        return stopped;
    }

    String text() {
        return text;
    }

    private String release(int upTo) {
        if (upTo <= emitted) {
            return "";
        }
        String delta = text.substring(emitted, upTo);
        emitted = upTo;
        return delta;
    }

    private int firstStop(String decoded) {
        int from = Math.max(0, emitted - longestStop());
        int best = -1;
        for (String s : stop) {
            int at = decoded.indexOf(s, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /** Length of the longest tail of decoded[0, end) that is a proper prefix of a stop string. */
    private int pendingStopPrefix(String decoded, int end) {
        int longest = 0;
        for (String s : stop) {
            for (int k = Math.min(s.length() - 1, end); k > longest; k--) {
                if (decoded.regionMatches(end - k, s, 0, k)) {
                    longest = k;
                    break;
                }
            }
        }
        return longest;
    }

    private int longestStop() {
        int n = 0;
        for (String s : stop) {
            n = Math.max(n, s.length());
        }
        return n;
    }
}
