package io.pluralign.engine.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Writes float tensors as a safetensors file in F32, F16 or BF16 (for models the project makes itself). */
public final class SafetensorsWriter {

    private record Entry(long[] shape, float[] values) {}

    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a tensor; {@code values} is row-major and must match {@code shape}. */
    public SafetensorsWriter add(String name, long[] shape, float[] values) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(
                    name + ": shape holds " + count + " values but " + values.length + " were given");
        }
        if (tensors.put(name, new Entry(shape.clone(), values)) != null) {
            throw new IllegalArgumentException(name + ": added twice");
        }
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Writes every tensor in {@code dtype}, rounding to nearest even where it is narrower than F32. */
    public void write(Path file, TensorDType dtype) throws IOException {
        ObjectNode header = JsonMapper.builder().build().createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            ObjectNode node = header.putObject(e.getKey());
            node.put("dtype", dtype.name());
            var shape = node.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long length = (long) e.getValue().values().length * dtype.bytes();
            node.putArray("data_offsets").add(offset).add(offset + length);
            offset += length;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer prefix =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(prefix.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (Entry e : tensors.values()) {
                out.write(encode(e.values(), dtype));
            }
        }
    }

    private static byte[] encode(float[] values, TensorDType dtype) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32:
                    buf.putFloat(v);
                    break;
                case F16:
                    buf.putShort(HalfFloat.fromFloat(v));
                    break;
                case BF16:
                    buf.putShort(toBf16(v));
                    break;
                default:
                    throw new IllegalStateException(dtype.name());
            }
        }
        return buf.array();
    }

    private static short toBf16(float v) {
        int bits = Float.floatToIntBits(v);
        if (Float.isNaN(v)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
