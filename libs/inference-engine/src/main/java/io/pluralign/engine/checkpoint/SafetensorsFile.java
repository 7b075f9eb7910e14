package io.pluralign.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One memory-mapped safetensors file. The header is validated when the file is opened (offsets inside the file, sizes
 * matching shapes), so a truncated or tampered file fails with its name instead of crashing the JVM later. Tensors are
 * read on demand as little-endian F32 bytes: F32 straight from the mapping, F16 and BF16 widened (DJL cannot hold BF16).
 */
public final class SafetensorsFile {

    private static final long MAX_HEADER_BYTES = 100L << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> unsupported;
    private final Map<String, String> metadata;

    private SafetensorsFile(
            Path file,
            long dataStart,
            Map<String, TensorInfo> tensors,
            Map<String, String> unsupported,
            Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.unsupported = unsupported;
        this.metadata = metadata;
    }

    /** Opens and validates the header of {@code file}. */
    public static SafetensorsFile open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw CheckpointException.inFile(file, "is not a safetensors file (" + size + " bytes)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || headerLength > size - 8) {
                throw CheckpointException.inFile(
                        file, "has an invalid header length " + headerLength + " (file is " + size + " bytes)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            long dataStart = 8 + headerLength;
            return parse(file, new String(header.array(), StandardCharsets.UTF_8), dataStart, size - dataStart);
        } catch (NoSuchFileException e) {
            throw CheckpointException.inFile(file, "does not exist");
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile parse(Path file, String headerJson, long dataStart, long dataLength) {
        JsonNode root;
        try {
            root = JSON.readTree(headerJson);
        } catch (JacksonException e) {
            throw CheckpointException.inFile(file, "has a header that is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw CheckpointException.inFile(file, "has a header that is not a JSON object");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.properties()) {
            String name = entry.getKey();
            JsonNode node = entry.getValue();
            if (name.equals("__metadata__")) {
                node.properties()
                        .forEach(m -> metadata.put(m.getKey(), m.getValue().asString()));
                continue;
            }
            JsonNode offsets = node.path("data_offsets");
            JsonNode shapeNode = node.path("shape");
            String dtypeName = node.path("dtype").asString("");
            if (!offsets.isArray() || offsets.size() != 2 || !shapeNode.isArray()) {
                throw CheckpointException.inTensor(file, name, "has no valid shape and data_offsets in the header");
            }
            long begin = offsets.get(0).asLong(-1);
            long end = offsets.get(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLength) {
                throw CheckpointException.inTensor(
                        file,
                        name,
                        "has data_offsets [" + begin + ", " + end + "] outside the data section of " + dataLength
                                + " bytes (truncated file?)");
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw CheckpointException.inTensor(file, name, "has a negative or non-numeric dimension");
                }
            }
            TensorDType dtype = TensorDType.fromHeader(dtypeName);
            if (dtype == null) {
                unsupported.put(name, dtypeName);
                continue;
            }
            TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
            if (Math.multiplyExact(info.elementCount(), dtype.bytes()) != end - begin) {
                throw CheckpointException.inTensor(
                        file,
                        name,
                        "has shape " + info.shapeString() + " of " + dtypeName + " but " + (end - begin)
                                + " bytes of data");
            }
            tensors.put(name, info);
        }
        return new SafetensorsFile(
                file,
                dataStart,
                Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(unsupported),
                Collections.unmodifiableMap(metadata));
    }

    public Path path() {
        return file;
    }

    /** Every readable tensor, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** Whether the file holds {@code name} in any dtype, readable or not. */
    public boolean contains(String name) {
        return tensors.containsKey(name) || unsupported.containsKey(name);
    }

    /** The {@code __metadata__} strings of the header. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The tensor's info, or a {@link CheckpointException} naming the file and tensor. */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            if (unsupported.containsKey(name)) {
                throw CheckpointException.inTensor(
                        file, name, "has dtype " + unsupported.get(name) + "; only F32, F16 and BF16 are supported");
            }
            throw CheckpointException.inTensor(file, name, "is missing");
        }
        return info;
    }

    /** The tensor as little-endian F32 bytes (a view of the mapping for F32, a widened copy otherwise). */
    public ByteBuffer readF32(String name) {
        TensorInfo info = info(name);
        long bytes = info.end() - info.begin();
        if (info.elementCount() * 4 > Integer.MAX_VALUE) {
            throw CheckpointException.inTensor(file, name, "is larger than 2 GiB as F32, which is not supported");
        }
        ByteBuffer raw = map(info.begin(), bytes);
        if (info.dtype() == TensorDType.F32) {
            return raw;
        }
        int count = (int) info.elementCount();
        ByteBuffer out = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        if (info.dtype() == TensorDType.BF16) {
            for (int i = 0; i < count; i++) {
                out.putInt((raw.getShort() & 0xFFFF) << 16);
            }
        } else {
            for (int i = 0; i < count; i++) {
                out.putFloat(HalfFloat.toFloat(raw.getShort()));
            }
        }
        return out.flip();
    }

    /** The tensor as a Java array of floats (for small tensors and tests). */
    public float[] readFloats(String name) {
        ByteBuffer bytes = readF32(name);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private ByteBuffer map(long offset, long length) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < dataStart + offset + length) {
                throw CheckpointException.inFile(file, "was truncated after it was opened");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offset, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new CheckpointException(file + ": cannot be mapped: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            at += n;
        }
    }

    /** Names of tensors whose dtype this engine cannot read. */
    List<String> unsupportedTensors() {
        return new ArrayList<>(unsupported.keySet());
    }
}
