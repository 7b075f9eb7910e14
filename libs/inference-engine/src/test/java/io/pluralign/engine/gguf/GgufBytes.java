package io.pluralign.engine.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Assembles GGUF bytes by hand, field by field as ggml's {@code docs/gguf.md} lays them out, so tests do not depend on
 * the writer under test. Everything is little-endian; strings are a uint64 byte length and UTF-8 without terminator.
 */
final class GgufBytes {

    // metadata value types from the spec
    static final int UINT8 = 0;
    static final int INT8 = 1;
    static final int UINT16 = 2;
    static final int INT16 = 3;
    static final int UINT32 = 4;
    static final int INT32 = 5;
    static final int FLOAT32 = 6;
    static final int BOOL = 7;
    static final int STRING = 8;
    static final int ARRAY = 9;
    static final int UINT64 = 10;
    static final int INT64 = 11;
    static final int FLOAT64 = 12;

    // ggml tensor types from the spec
    static final int F32 = 0;
    static final int F16 = 1;
    static final int Q8_0 = 8;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The fixed part of the header: magic, version, tensor count, metadata entry count. */
    static GgufBytes header(long version, long tensorCount, long metadataCount) {
        return new GgufBytes()
                .raw('G', 'G', 'U', 'F')
                .u32(version)
                .u64(tensorCount)
                .u64(metadataCount);
    }

    GgufBytes raw(char... bytes) {
        for (char b : bytes) {
            out.write(b);
        }
        return this;
    }

    GgufBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    GgufBytes u8(int value) {
        out.write(value);
        return this;
    }

    GgufBytes u16(int value) {
        return le(value, 2);
    }

    GgufBytes u32(long value) {
        return le(value, 4);
    }

    GgufBytes u64(long value) {
        return le(value, 8);
    }

    GgufBytes f32(float value) {
        return u32(Float.floatToRawIntBits(value));
    }

    GgufBytes f64(double value) {
        return u64(Double.doubleToRawLongBits(value));
    }

    GgufBytes str(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        out.writeBytes(bytes);
        return this;
    }

    /** A metadata entry with a string value. */
    GgufBytes kv(String key, String value) {
        return str(key).u32(STRING).str(value);
    }

    /** A metadata entry with a uint32 value. */
    GgufBytes kvU32(String key, long value) {
        return str(key).u32(UINT32).u32(value);
    }

    /** A tensor info: name, dimension count, dimensions (innermost first), ggml type, offset into the data section. */
    GgufBytes tensorInfo(String name, int type, long offset, long... dims) {
        str(name).u32(dims.length);
        for (long d : dims) {
            u64(d);
        }
        return u32(type).u64(offset);
    }

    /** Zero bytes up to the next multiple of {@code alignment}, counted from the start of the file. */
    GgufBytes padTo(int alignment) {
        while (out.size() % alignment != 0) {
            out.write(0);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private GgufBytes le(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    /** Little-endian F32 data. */
    static byte[] f32s(float... values) {
        GgufBytes b = new GgufBytes();
        for (float v : values) {
            b.f32(v);
        }
        return b.toByteArray();
    }

    /** Little-endian F16 data, given as raw half-precision bit patterns. */
    static byte[] f16s(int... halfBits) {
        GgufBytes b = new GgufBytes();
        for (int h : halfBits) {
            b.u16(h);
        }
        return b.toByteArray();
    }

    /** A tensor of a hand-made file: its info fields and its data bytes. */
    record Tensor(String name, int type, long[] dims, byte[] data) {
        static Tensor f32(String name, float... values) {
            return new Tensor(name, F32, new long[] {values.length}, f32s(values));
        }
    }

    /**
     * A complete file: header (version 3), the given metadata entries already encoded, tensor infos with offsets laid
     * out back to back at 32-byte alignment, padding, then the data, each tensor padded to 32 bytes.
     */
    static byte[] file(int metadataCount, GgufBytes metadata, List<Tensor> tensors) {
        return file(3, 32, metadataCount, metadata, tensors);
    }

    static byte[] file(int version, int alignment, int metadataCount, GgufBytes metadata, List<Tensor> tensors) {
        GgufBytes b = header(version, tensors.size(), metadataCount).raw(metadata.toByteArray());
        long offset = 0;
        for (Tensor t : tensors) {
            b.tensorInfo(t.name(), t.type(), offset, t.dims());
            offset += (t.data().length + alignment - 1) / alignment * alignment;
        }
        b.padTo(alignment);
        for (Tensor t : tensors) {
            b.raw(t.data()).padTo(alignment);
        }
        return b.toByteArray();
    }
}
