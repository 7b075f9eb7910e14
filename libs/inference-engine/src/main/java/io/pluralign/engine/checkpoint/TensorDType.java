package io.pluralign.engine.checkpoint;

/** The element types of safetensors tensors this engine reads; everything is widened to F32 on load. */
public enum TensorDType {
    F32(4),
    F16(2),
    BF16(2);

    private final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** The dtype named in a safetensors header, or null when this engine cannot read it. */
    static TensorDType fromHeader(String name) {
        switch (name) {
            case "F32":
                return F32;
            case "F16":
                return F16;
            case "BF16":
                return BF16;
            default:
                return null;
        }
    }
}
