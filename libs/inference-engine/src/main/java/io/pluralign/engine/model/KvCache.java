package io.pluralign.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Keys and values of every running sequence, preallocated once: a sequence owns a slot (a row of every layer's
 * tensors) from its prefill until it leaves. A forward pass covers a contiguous range of slots, so reading the cache is
 * a view, never a copy; writes go to each row's own positions in one indexed assignment per layer.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys; // per layer: [slots, kvHeads, maxLen, headDim]
    private final NDArray[] values; // per layer: [slots, kvHeads, maxLen, headDim]
    private final int slots;
    private final int maxLength;

    public KvCache(NDManager parent, ModelConfig config, int slots, int maxLength) {
        if (slots <= 0 || maxLength <= 0) {
            throw new IllegalArgumentException("a KV cache needs at least one slot and one position");
        }
        this.manager = parent.newSubManager();
        this.slots = slots;
        this.maxLength = maxLength;
        this.keys = new NDArray[config.numLayers()];
        this.values = new NDArray[config.numLayers()];
        Shape shape = new Shape(slots, config.numKvHeads(), maxLength, config.headDim());
        for (int l = 0; l < keys.length; l++) {
            keys[l] = manager.zeros(shape, DataType.FLOAT32);
            values[l] = manager.zeros(shape, DataType.FLOAT32);
        }
    }

    /** Bytes a cache of this size takes for {@code config}. */
    public static long bytesFor(ModelConfig config, int slots, int maxLength) {
        return 2L * config.numLayers() * slots * config.numKvHeads() * maxLength * config.headDim() * Float.BYTES;
    }

    public int slots() {
        return slots;
    }

    public int maxLength() {
        return maxLength;
    }

    /**
     * Layer {@code layer}'s keys in place, [slots, kvHeads, maxLen, headDim] F32 in native order, for the CPU decoder;
     * only for a cache on the CPU.
     */
    public ByteBuffer keyStorage(int layer) {
        return storage(keys[layer]);
    }

    /** Values, like {@link #keyStorage}. */
    public ByteBuffer valueStorage(int layer) {
        return storage(values[layer]);
    }

    private static ByteBuffer storage(NDArray array) {
        if (!array.getDevice().equals(Device.cpu())) {
            throw new IllegalStateException("the KV cache lives on " + array.getDevice() + ", not in CPU memory");
        }
        ByteBuffer buffer = array.toByteBuffer(true); // the tensor's own memory: it is dense and contiguous
        if (!buffer.isDirect() || buffer.capacity() != array.size() * Float.BYTES) {
            throw new IllegalStateException("the KV cache's memory cannot be shared in place");
        }
        return buffer;
    }

    /** Writes {@code k} and {@code v} [batch, tokens, kvHeads, headDim] at each row's slot and positions. */
    void write(int layer, ForwardContext context, NDArray k, NDArray v) {
        NDIndex where = new NDIndex("{}, :, {}", context.writeSlots(), context.positions());
        keys[layer].set(where, k);
        values[layer].set(where, v);
    }

    /** Keys of the context's rows, positions [0, cacheLength): a view [batch, kvHeads, cacheLength, headDim]. */
    NDArray keys(int layer, ForwardContext context) {
        return keys[layer].get(view(context));
    }

    /** Values, like {@link #keys}. */
    NDArray values(int layer, ForwardContext context) {
        return values[layer].get(view(context));
    }

    private static NDIndex view(ForwardContext context) {
        int start = context.slotStart();
        return new NDIndex("{}:{}, :, :{}", start, start + context.batchSize(), context.cacheLength());
    }

    /** Copies slot {@code from}'s first {@code length} positions into slot {@code to} (keeps running rows contiguous). */
    public void moveSlot(int from, int to, int length) {
        if (from == to || length == 0) {
            return;
        }
        NDIndex source = new NDIndex("{}, :, :{}", from, length);
        NDIndex target = new NDIndex("{}, :, :{}", to, length);
        for (int l = 0; l < keys.length; l++) {
            try (NDArray k = keys[l].get(source);
                    NDArray v = values[l].get(source)) {
                keys[l].set(target, k);
                values[l].set(target, v);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
