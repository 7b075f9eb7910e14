package io.pluralign.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/** The tensor functions transformer blocks are made of, written once for every family. */
public final class Layers {

    private Layers() {}

    /** Below this many rows, {@link #linear} multiplies as W x^T (see there). */
    static final long SKINNY_ROWS = 32;

    /**
     * x W^T + b with W [out, in] as checkpoints store it; bias may be null. For few rows (decode steps) it computes
     * (W x^T)^T instead: PyTorch's CPU kernels run that shape about twice as fast at batch 8 on the machines measured
     * (docs/benchmarks.md), and the two differ only in rounding.
     */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        Shape shape = x.getShape();
        long in = shape.get(shape.dimension() - 1);
        long rows = shape.size() / in;
        if (rows > SKINNY_ROWS) {
            return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
        }
        long[] outShape = shape.getShape();
        outShape[outShape.length - 1] = weight.getShape().get(0);
        NDArray y = weight.matMul(x.reshape(rows, in).transpose()).transpose().reshape(outShape);
        return bias == null ? y : y.add(bias);
    }

    /** RMSNorm over the last axis: x / sqrt(mean(x^2) + eps) * weight. */
    public static NDArray rmsNorm(NDArray x, NDArray weight, float eps) {
        NDArray scale = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
        return x.div(scale).mul(weight);
    }

    /** LayerNorm over the last axis with gain and bias. */
    public static NDArray layerNorm(NDArray x, NDArray gain, NDArray bias, float eps) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), gain, bias, eps)
                .singletonOrThrow();
    }

    /** SiLU(gate) * up for a fused [..., 2 * ffn] projection whose first half is the gate. */
    public static NDArray swiGlu(NDArray gateUp, long ffn) {
        NDArray gate = gateUp.get(new NDIndex("..., :{}", ffn));
        NDArray up = gateUp.get(new NDIndex("..., {}:", ffn));
        return gate.mul(gate.getNDArrayInternal().sigmoid()).mul(up);
    }

    /** GELU with the tanh approximation (GPT-2's gelu_new). */
    public static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    /**
     * Rotary position embedding in the half-split layout of Hugging Face checkpoints: x * cos + rotate_half(x) * sin.
     *
     * @param x [batch, tokens, heads, headDim]
     * @param cos [batch, tokens, 1, headDim]
     * @param sin [batch, tokens, 1, headDim]
     */
    public static NDArray rotary(NDArray x, NDArray cos, NDArray sin) {
        long half = x.getShape().get(3) / 2;
        NDArray first = x.get(new NDIndex("..., :{}", half));
        NDArray second = x.get(new NDIndex("..., {}:", half));
        NDArray rotated = NDArrays.concat(new NDList(second.neg(), first), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
