package io.pluralign.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every block of one forward pass shares: the rows' token positions, the KV cache rows they own (or none, for a
 * cache-free pass over whole texts), and per-pass tensors a family computes once (rotary tables, attention masks).
 * Positions are absolute per row, so rows of different lengths and right-padded rows mask correctly: a query at
 * position p sees keys at positions up to p (and, with a sliding window, no older than p - window + 1).
 */
public final class ForwardContext {

    private final NDManager manager;
    private final int batchSize;
    private final int tokens;
    private final long[] hostPositions; // [batch * tokens], row-major
    private final NDArray positions; // [batch, tokens] int64
    private final KvCache cache;
    private final int slotStart;
    private final int cacheLength;
    private final Map<String, NDArray> shared = new HashMap<>();
    private NDArray writeSlots; // [batch, tokens] int64

    private ForwardContext(NDManager manager, long[][] positions, KvCache cache, int slotStart) {
        this.manager = manager;
        this.batchSize = positions.length;
        this.tokens = positions[0].length;
        this.hostPositions = new long[batchSize * tokens];
        long maxPosition = 0;
        for (int b = 0; b < batchSize; b++) {
            if (positions[b].length != tokens) {
                throw new IllegalArgumentException("every row of a forward pass has the same number of tokens");
            }
            System.arraycopy(positions[b], 0, hostPositions, b * tokens, tokens);
            for (long p : positions[b]) {
                maxPosition = Math.max(maxPosition, p);
            }
        }
        this.positions = manager.create(hostPositions, new Shape(batchSize, tokens));
        this.cache = cache;
        this.slotStart = slotStart;
        this.cacheLength = cache == null ? tokens : (int) maxPosition + 1;
        if (cache != null && (cacheLength > cache.maxLength() || slotStart + batchSize > cache.slots())) {
            throw new IllegalArgumentException("rows exceed the KV cache: positions up to " + maxPosition + ", slots "
                    + slotStart + ".." + (slotStart + batchSize - 1) + " of " + cache.slots() + "x"
                    + cache.maxLength());
        }
    }

    /** A pass that reads and extends the cache rows [slotStart, slotStart + rows). */
    public static ForwardContext cached(NDManager manager, long[][] positions, KvCache cache, int slotStart) {
        return new ForwardContext(manager, positions, cache, slotStart);
    }

    /** A cache-free pass over whole (right-padded) texts. */
    public static ForwardContext uncached(NDManager manager, long[][] positions) {
        return new ForwardContext(manager, positions, null, 0);
    }

    public NDManager manager() {
        return manager;
    }

    public int batchSize() {
        return batchSize;
    }

    public int tokens() {
        return tokens;
    }

    /** [batch, tokens] absolute positions. */
    public NDArray positions() {
        return positions;
    }

    public KvCache cache() {
        return cache;
    }

    public int slotStart() {
        return slotStart;
    }

    /** Number of key positions attention looks at: the highest position + 1 with a cache, else the tokens. */
    public int cacheLength() {
        return cacheLength;
    }

    /** [batch, tokens] slot of each token's row, for cache writes. */
    NDArray writeSlots() {
        if (writeSlots == null) {
            long[] slots = new long[batchSize * tokens];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = slotStart + i / tokens;
            }
            writeSlots = manager.create(slots, new Shape(batchSize, tokens));
        }
        return writeSlots;
    }

    /** A tensor computed once per pass and shared by every block (rotary tables, masks). */
    public NDArray shared(String key, Function<ForwardContext, NDArray> compute) {
        NDArray value = shared.get(key);
        if (value == null) {
            value = compute.apply(this);
            shared.put(key, value);
        }
        return value;
    }

    /**
     * Additive attention mask [batch, 1, 1, tokens, keys]: 0 where a query may attend, -inf elsewhere. A key at
     * position t is visible to a query at position p when t <= p and, with a window w > 0, t > p - w.
     */
    NDArray attentionMask(int window) {
        return shared("mask:" + window, c -> {
            int keysLength = cacheLength;
            float[] mask = new float[batchSize * tokens * keysLength];
            for (int row = 0; row < batchSize * tokens; row++) {
                long p = hostPositions[row];
                int rowStart = (row / tokens) * tokens;
                for (int t = 0; t < keysLength; t++) {
                    long keyPosition = cache == null ? hostPositions[rowStart + t] : t;
                    boolean visible = keyPosition <= p && (window == 0 || keyPosition > p - window);
                    mask[row * keysLength + t] = visible ? 0f : Float.NEGATIVE_INFINITY;
                }
            }
            return manager.create(mask, new Shape(batchSize, 1, 1, tokens, keysLength))
                    .toType(DataType.FLOAT32, false);
        });
    }

    /** The positions on the host, row-major [batch * tokens]; callers must not modify it. */
    public long[] hostPositionsView() {
        return hostPositions;
    }
}
