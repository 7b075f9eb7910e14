package io.pluralign.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.pluralign.engine.checkpoint.Checkpoint;
import io.pluralign.engine.checkpoint.SafetensorsWriter;

/** Loads checkpoint tensors into a model's manager as F32 arrays, checking each shape. */
public final class Weights {

    private final Checkpoint checkpoint;
    private final NDManager manager;
    private long bytes;

    public Weights(Checkpoint checkpoint, NDManager manager) {
        this.checkpoint = checkpoint;
        this.manager = manager;
    }

    public boolean contains(String name) {
        return checkpoint.contains(name);
    }

    /** The tensor {@code name}, which must have {@code shape}. */
    public NDArray load(String name, long... shape) {
        NDArray array = manager.create(checkpoint.readF32(name, shape), new Shape(shape), DataType.FLOAT32);
        bytes += array.size() * Float.BYTES;
        return array;
    }

    /** The tensor {@code name} of shape [rows, cols], transposed to [cols, rows] (GPT-2 stores Conv1D as in x out). */
    public NDArray loadTransposed(String name, long rows, long cols) {
        try (NDArray stored = load(name, rows, cols)) {
            bytes -= stored.size() * Float.BYTES;
            NDArray t = stored.transpose().duplicate();
            bytes += t.size() * Float.BYTES;
            return t;
        }
    }

    /** Concatenates loaded tensors along axis 0 (fused projections: one matmul instead of several). */
    public NDArray fuse(NDArray... parts) {
        NDArray fused = NDArrays.concat(new NDList(parts), 0);
        for (NDArray part : parts) {
            bytes -= part.size() * Float.BYTES;
            part.close();
        }
        bytes += fused.size() * Float.BYTES;
        return fused;
    }

    /** Adds {@code array} to {@code writer} under {@code name} (the inverse of {@link #load}). */
    public static void save(SafetensorsWriter writer, String name, NDArray array) {
        writer.add(name, array.getShape().getShape(), array.toFloatArray());
    }

    public long bytes() {
        return bytes;
    }

    public NDManager manager() {
        return manager;
    }
}
