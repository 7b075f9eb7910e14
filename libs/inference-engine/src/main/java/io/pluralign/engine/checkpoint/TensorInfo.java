package io.pluralign.engine.checkpoint;

import java.util.Arrays;

/** One tensor's entry in a safetensors header: its dtype, shape and byte range in the data section. */
public record TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
