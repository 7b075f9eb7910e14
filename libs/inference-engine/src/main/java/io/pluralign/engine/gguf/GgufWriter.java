package io.pluralign.engine.gguf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Encodes a {@link ControlVector} as the GGUF v3 file repeng's {@code export_gguf} writes: architecture
 * {@code controlvector}, {@code controlvector.model_hint}, {@code controlvector.layer_count} (uint32, the number of
 * directions), and one one-dimensional F32 tensor {@code direction.N} per layer in ascending order, each padded to the
 * default alignment of 32 bytes. The padding after the last tensor is written too: llama.cpp reads the whole padded
 * data section.
 */
final class GgufWriter {

    private static final int ALIGNMENT = (int) GgufFormat.DEFAULT_ALIGNMENT;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private GgufWriter() {}

    static byte[] encode(ControlVector vector) {
        SortedMap<Integer, float[]> directions = vector.directions();
        List<String> names = new ArrayList<>();
        for (int layer : directions.keySet()) {
            names.add(DirectionNumbering.tensorName(layer));
        }
        byte[] hint = vector.modelHint().getBytes(StandardCharsets.UTF_8);
        if (hint.length > GgufReader.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("modelHint is " + hint.length + " bytes in UTF-8; at most "
                    + GgufReader.MAX_STRING_BYTES + " can be written");
        }
        if (directions.size() > GgufReader.MAX_TENSORS) {
            throw new IllegalArgumentException(
                    directions.size() + " layers is more than the " + GgufReader.MAX_TENSORS + " a file may hold");
        }
        long tensorBytes = padded(4L * vector.hiddenSize());
        long dataBytes = tensorBytes * directions.size();
        if (dataBytes > GgufReader.MAX_FILE_BYTES - (1 << 20)) {
            throw new IllegalArgumentException("the file would hold " + dataBytes + " bytes of vectors, more than"
                    + " a control vector file may have (" + GgufReader.MAX_FILE_BYTES + ")");
        }

        GgufWriter w = new GgufWriter();
        w.out.writeBytes(GgufFormat.MAGIC);
        w.u32(GgufFormat.VERSION_WRITTEN);
        w.u64(directions.size());
        w.u64(3); // metadata entries
        w.string(GgufFormat.KEY_ARCHITECTURE);
        w.u32(GgufFormat.STRING);
        w.string(GgufFormat.ARCHITECTURE);
        w.string(GgufFormat.KEY_MODEL_HINT);
        w.u32(GgufFormat.STRING);
        w.u64(hint.length);
        w.out.writeBytes(hint);
        w.string(GgufFormat.KEY_LAYER_COUNT);
        w.u32(GgufFormat.UINT32);
        w.u32(directions.size());

        long offset = 0;
        for (String name : names) {
            w.string(name);
            w.u32(1); // dimensions
            w.u64(vector.hiddenSize());
            w.u32(GgufFormat.GGML_F32);
            w.u64(offset);
            offset += tensorBytes;
        }
        w.pad();
        for (Map.Entry<Integer, float[]> entry : directions.entrySet()) {
            for (float value : entry.getValue()) {
                w.u32(Float.floatToRawIntBits(value));
            }
            w.pad();
        }
        return w.out.toByteArray();
    }

    private static long padded(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private void pad() {
        while (out.size() % ALIGNMENT != 0) {
            out.write(0);
        }
    }

    private void string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        u64(bytes.length);
        out.writeBytes(bytes);
    }

    private void u32(long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }

    private void u64(long value) {
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
    }
}
