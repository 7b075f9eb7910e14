package io.pluralign.engine.gguf;

import io.pluralign.engine.checkpoint.HalfFloat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses a little-endian GGUF v2/v3 control-vector file held in memory.
 *
 * <p>Every count and length in the header is checked against the bytes that are really there before anything is
 * allocated or skipped, so a malformed or hostile file ends in a {@link ControlVectorFormatException}, never in an
 * {@link OutOfMemoryError} or an index error.
 */
final class GgufReader {

    /** Far above any real control vector (126 layers of 16384 floats is 8 MiB). */
    static final long MAX_FILE_BYTES = 64L << 20;

    /** A control vector has one tensor per layer; no model has this many. */
    static final int MAX_TENSORS = 16_384;

    /** The GGUF spec's limit for keys, applied to every string we decode. */
    static final int MAX_STRING_BYTES = 65_535;

    /** Arrays of arrays deeper than this are refused rather than recursed into. */
    static final int MAX_ARRAY_NESTING = 8;

    /** Smallest metadata entry: key length (8), value type (4), one byte of value. */
    private static final int MIN_ENTRY_BYTES = 13;

    private final ByteBuffer in;
    private final String source;

    private long alignment = GgufFormat.DEFAULT_ALIGNMENT;
    private String architecture;
    private String modelHint = "";

    private record TensorInfo(String name, int layer, long[] dims, long type, long offset) {}

    private GgufReader(byte[] bytes, String source) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.source = source;
    }

    static ControlVector parse(byte[] bytes, String source) throws ControlVectorFormatException {
        if (bytes.length > MAX_FILE_BYTES) {
            throw new ControlVectorFormatException(printable(source) + ": " + bytes.length + " bytes is more than the "
                    + MAX_FILE_BYTES + " a control vector file may have");
        }
        return new GgufReader(bytes, source).parse();
    }

    private ControlVector parse() throws ControlVectorFormatException {
        readMagic();
        long version = u32("the GGUF version");
        if (version != 2 && version != 3) {
            if (version != 0 && (version & 0xFFFF) == 0) {
                throw fail("is a big-endian GGUF file; only little-endian files are supported");
            }
            throw fail("has GGUF version " + version + "; only versions 2 and 3 are supported"
                    + (version == 1
                            ? " (version 1 used 32-bit lengths: re-export it with a current gguf library)"
                            : ""));
        }
        long tensorCount = u64("the tensor count");
        if (Long.compareUnsigned(tensorCount, MAX_TENSORS) > 0) {
            throw fail("declares " + Long.toUnsignedString(tensorCount) + " tensors; a control vector has one per"
                    + " layer and at most " + MAX_TENSORS + " are accepted");
        }
        long entryCount = u64("the metadata entry count");
        if (Long.compareUnsigned(entryCount, in.remaining() / MIN_ENTRY_BYTES) > 0) {
            throw fail("is truncated or corrupt: it declares " + Long.toUnsignedString(entryCount)
                    + " metadata entries, more than its remaining " + in.remaining() + " bytes can hold");
        }
        readMetadata((int) entryCount);
        List<TensorInfo> infos = readTensorInfos((int) tensorCount);
        if (infos.isEmpty()) {
            throw fail("has no tensors; a control vector has one direction.N tensor per steered layer");
        }
        // the data section starts at the next multiple of the alignment after the tensor infos
        long dataStart = (in.position() + alignment - 1) / alignment * alignment;
        return decode(infos, dataStart);
    }

    private void readMagic() throws ControlVectorFormatException {
        need(GgufFormat.MAGIC.length, "the GGUF magic");
        byte[] magic = new byte[GgufFormat.MAGIC.length];
        in.get(magic);
        for (int i = 0; i < magic.length; i++) {
            if (magic[i] != GgufFormat.MAGIC[i]) {
                StringBuilder hex = new StringBuilder();
                for (byte b : magic) {
                    hex.append(String.format("%02x", b & 0xFF));
                }
                throw fail("is not a GGUF file: it starts with 0x" + hex + " instead of \"GGUF\"");
            }
        }
    }

    private void readMetadata(int count) throws ControlVectorFormatException {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String key = string("metadata key " + (i + 1));
            if (!seen.add(key)) {
                throw fail("metadata key " + quote(key) + " appears twice");
            }
            long type = u32("the value type of metadata " + quote(key));
            switch (key) {
                case GgufFormat.KEY_ALIGNMENT:
                    expectType(key, type, GgufFormat.UINT32, "uint32");
                    alignment = u32("the value of " + key);
                    if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
                        throw fail("metadata " + key + " is " + alignment + "; it must be a power of two");
                    }
                    break;
                case GgufFormat.KEY_ARCHITECTURE:
                    expectType(key, type, GgufFormat.STRING, "string");
                    architecture = string("the value of " + key);
                    break;
                case GgufFormat.KEY_MODEL_HINT:
                    expectType(key, type, GgufFormat.STRING, "string");
                    modelHint = string("the value of " + key);
                    break;
                default:
                    // controlvector.layer_count included: writers disagree on its type and meaning
                    skipValue(key, type, 0);
            }
        }
    }

    private void expectType(String key, long type, int expected, String name) throws ControlVectorFormatException {
        if (type != expected) {
            throw fail("metadata " + key + " has value type " + type + "; it must be a " + name + " (type " + expected
                    + ")");
        }
    }

    private void skipValue(String key, long type, int depth) throws ControlVectorFormatException {
        int scalar = GgufFormat.scalarSize(type);
        if (scalar > 0) {
            skip(scalar, "the value of metadata " + quote(key));
        } else if (type == GgufFormat.STRING) {
            skip(u64("a string length in metadata " + quote(key)), "a string in metadata " + quote(key));
        } else if (type == GgufFormat.ARRAY) {
            if (depth >= MAX_ARRAY_NESTING) {
                throw fail("metadata " + quote(key) + " nests arrays more than " + MAX_ARRAY_NESTING + " deep");
            }
            long elementType = u32("the element type of array metadata " + quote(key));
            long count = u64("the length of array metadata " + quote(key));
            int elementSize = GgufFormat.scalarSize(elementType);
            if (elementSize < 0) {
                if (elementType != GgufFormat.STRING && elementType != GgufFormat.ARRAY) {
                    throw fail("metadata " + quote(key) + " is an array of unknown value type " + elementType);
                }
                // the smallest string is its 8-byte length; the smallest array its type and length
                elementSize = elementType == GgufFormat.STRING ? 8 : 12;
            }
            if (Long.compareUnsigned(count, in.remaining() / elementSize) > 0) {
                throw fail("is truncated or corrupt: array metadata " + quote(key) + " declares "
                        + Long.toUnsignedString(count) + " elements, more than its remaining " + in.remaining()
                        + " bytes can hold");
            }
            if (GgufFormat.scalarSize(elementType) > 0) {
                skip(count * elementSize, "array metadata " + quote(key));
            } else {
                for (long i = 0; i < count; i++) {
                    skipValue(key, elementType, depth + 1);
                }
            }
        } else {
            throw fail("metadata " + quote(key) + " has unknown value type " + type);
        }
    }

    private List<TensorInfo> readTensorInfos(int count) throws ControlVectorFormatException {
        List<TensorInfo> infos = new ArrayList<>();
        SortedMap<Integer, String> names = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String name = string("the name of tensor " + (i + 1));
            int layer;
            try {
                layer = DirectionNumbering.layerOf(name);
            } catch (IllegalArgumentException e) {
                throw failTensor(name, e.getMessage() + describeArchitecture());
            }
            String earlier = names.putIfAbsent(layer, name);
            if (earlier != null) {
                throw failTensor(
                        name,
                        "steers layer " + layer + ", as does tensor " + quote(earlier)
                                + "; a layer may have only one direction");
            }
            long dimCount = u32("the dimension count of tensor " + quote(name));
            if (dimCount < 1 || dimCount > GgufFormat.MAX_DIMS) {
                throw failTensor(name, "has " + dimCount + " dimensions; GGUF allows 1 to " + GgufFormat.MAX_DIMS);
            }
            long[] dims = new long[(int) dimCount];
            for (int d = 0; d < dims.length; d++) {
                dims[d] = u64("dimension " + d + " of tensor " + quote(name));
            }
            long type = u32("the type of tensor " + quote(name));
            long offset = u64("the data offset of tensor " + quote(name));
            infos.add(new TensorInfo(name, layer, dims, type, offset));
        }
        return infos;
    }

    private String describeArchitecture() {
        return architecture == null || architecture.equals(GgufFormat.ARCHITECTURE)
                ? ""
                : " (the file's general.architecture is " + quote(architecture) + ": is it a model, not a control"
                        + " vector?)";
    }

    private ControlVector decode(List<TensorInfo> infos, long dataStart) throws ControlVectorFormatException {
        SortedMap<Integer, float[]> directions = new TreeMap<>();
        int hiddenSize = -1;
        String first = null;
        for (TensorInfo info : infos) {
            String name = info.name();
            long length = info.dims()[0];
            for (int d = 1; d < info.dims().length; d++) {
                if (info.dims()[d] != 1) {
                    throw failTensor(name, "has shape " + shape(info.dims()) + "; a direction is one-dimensional");
                }
            }
            if (length < 1 || length > ControlVector.MAX_HIDDEN_SIZE) {
                throw failTensor(
                        name,
                        "has " + Long.toUnsignedString(length) + " elements; a direction has 1 to "
                                + ControlVector.MAX_HIDDEN_SIZE + " (the model's hidden size)");
            }
            int elementBytes;
            if (info.type() == GgufFormat.GGML_F32) {
                elementBytes = 4;
            } else if (info.type() == GgufFormat.GGML_F16) {
                elementBytes = 2;
            } else {
                throw failTensor(
                        name,
                        "has ggml type " + info.type() + "; only F32 (type 0) and F16 (type 1) are" + " supported");
            }
            if (hiddenSize < 0) {
                hiddenSize = (int) length;
                first = name;
            } else if (length != hiddenSize) {
                throw failTensor(
                        name,
                        "has " + length + " elements, but tensor " + quote(first) + " has " + hiddenSize
                                + "; every direction has the model's hidden size");
            }
            long offset = info.offset();
            if (Long.remainderUnsigned(offset, alignment) != 0) {
                throw failTensor(
                        name,
                        "starts at data offset " + Long.toUnsignedString(offset)
                                + ", which is not a multiple of the alignment " + alignment);
            }
            long bytes = length * elementBytes;
            long available = in.limit() - dataStart;
            if (offset < 0 || offset > available - bytes) {
                throw failTensor(
                        name,
                        "is truncated: its " + bytes + " bytes at data offset "
                                + Long.toUnsignedString(offset) + " run past the end of the file (" + in.limit()
                                + " bytes, data from byte " + dataStart + ")");
            }
            float[] vector = new float[hiddenSize];
            int at = (int) (dataStart + offset);
            for (int i = 0; i < vector.length; i++) {
                vector[i] = elementBytes == 4 ? in.getFloat(at + 4 * i) : HalfFloat.toFloat(in.getShort(at + 2 * i));
            }
            int bad = ControlVector.firstNonFinite(vector);
            if (bad >= 0) {
                throw failTensor(name, "element " + bad + " is " + vector[bad] + "; a direction must be finite");
            }
            directions.put(info.layer(), vector);
        }
        try {
            return new ControlVector(modelHint, hiddenSize, directions);
        } catch (IllegalArgumentException e) {
            throw fail("does not make a valid control vector: " + e.getMessage());
        }
    }

    private static String shape(long[] dims) {
        StringBuilder s = new StringBuilder("[");
        for (int d = 0; d < dims.length; d++) {
            s.append(d == 0 ? "" : ", ").append(Long.toUnsignedString(dims[d]));
        }
        return s.append(']').toString();
    }

    private String string(String what) throws ControlVectorFormatException {
        long length = u64("the length of " + what);
        if (Long.compareUnsigned(length, MAX_STRING_BYTES) > 0) {
            throw fail(what + " declares " + Long.toUnsignedString(length) + " bytes; at most " + MAX_STRING_BYTES
                    + " are accepted");
        }
        need(length, what);
        byte[] bytes = new byte[(int) length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private long u32(String what) throws ControlVectorFormatException {
        need(4, what);
        return Integer.toUnsignedLong(in.getInt());
    }

    /** A uint64, which may read as negative: callers compare it unsigned. */
    private long u64(String what) throws ControlVectorFormatException {
        need(8, what);
        return in.getLong();
    }

    private void skip(long bytes, String what) throws ControlVectorFormatException {
        need(bytes, what);
        in.position(in.position() + (int) bytes);
    }

    private void need(long bytes, String what) throws ControlVectorFormatException {
        if (bytes < 0 || bytes > in.remaining()) {
            throw fail("is truncated: " + what + " needs " + Long.toUnsignedString(bytes) + " bytes at offset "
                    + in.position() + ", but the file ends at " + in.limit());
        }
    }

    private ControlVectorFormatException fail(String problem) {
        return new ControlVectorFormatException(printable(source) + ": " + problem);
    }

    private ControlVectorFormatException failTensor(String tensor, String problem) {
        return fail("tensor " + quote(tensor) + " " + problem);
    }

    /** A name from the file, made safe to print: control characters replaced, long names cut. */
    static String quote(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return "'" + printable(cut) + "'";
    }

    static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> s.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.toString();
    }
}
