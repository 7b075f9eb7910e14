package io.pluralign.engine;

import java.util.List;

/**
 * Token rows of different lengths right-padded to one width for a single forward pass: row r's token i sits at
 * position {@code starts[r] + i}, padding (token 0) continues the positions so the causal mask hides it.
 *
 * @param ids [rows * width] row-major token ids
 * @param positions [rows][width] absolute positions
 * @param last per row, the index of its last real token
 */
record PaddedRows(long[] ids, long[][] positions, int[] last, int width) {

    static PaddedRows of(List<int[]> rows, int[] starts) {
        int width = 0;
        for (int[] t : rows) {
            width = Math.max(width, t.length);
        }
        long[] ids = new long[rows.size() * width];
        long[][] positions = new long[rows.size()][width];
        int[] last = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            int[] t = rows.get(r);
            for (int i = 0; i < width; i++) {
                ids[r * width + i] = i < t.length ? t[i] : 0;
                positions[r][i] = starts[r] + i;
            }
            last[r] = t.length - 1;
        }
        return new PaddedRows(ids, positions, last, width);
    }
}
