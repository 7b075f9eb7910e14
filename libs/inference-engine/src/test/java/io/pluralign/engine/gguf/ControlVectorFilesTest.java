package io.pluralign.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.pluralign.engine.gguf.GgufBytes.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlVectorFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenFileReadsBackAsTheSameVector() throws IOException {
        SortedMap<Integer, float[]> directions = new TreeMap<>();
        directions.put(1, new float[] {1.5f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, -3e-20f});
        directions.put(7, new float[] {0f, 1f, 2f, 3f, 4f});
        directions.put(31, new float[] {-1f, -2f, -3f, -4f, 0.1f});
        ControlVector vector = new ControlVector("qwen2 ünïcode", 5, directions);
        Path file = dir.resolve("v.gguf");

        ControlVectorFiles.write(file, vector);
        ControlVector back = ControlVectorFiles.read(file);

        assertThat(back).isEqualTo(vector);
        assertThat(back.modelHint()).isEqualTo("qwen2 ünïcode");
        assertThat(back.layers()).containsExactly(1, 7, 31);
        assertThat(Float.floatToRawIntBits(back.directions().get(1)[1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(back.directions().get(1)[2]).isEqualTo(Float.MIN_VALUE);
    }

    @Test
    void writingAgainReplacesTheFile() throws IOException {
        Path file = dir.resolve("v.gguf");
        ControlVectorFiles.write(file, vector("big", 64, 1, 2, 3, 4, 5));
        ControlVector small = vector("small", 2, 9);

        ControlVectorFiles.write(file, small);

        assertThat(ControlVectorFiles.read(file)).isEqualTo(small);
    }

    /**
     * A file assembled field by field from ggml's docs/gguf.md, not by our writer: unknown metadata of every value type
     * (nested arrays too) around the keys we read, a 64-byte {@code general.alignment}, and tensors out of layer order.
     */
    @Test
    void readsAFileAssembledByHandFromTheSpec() throws IOException {
        GgufBytes b = GgufBytes.header(3, 2, 17)
                .kv("general.architecture", "controlvector")
                .str("tool.u8")
                .u32(GgufBytes.UINT8)
                .u8(200)
                .str("tool.i8")
                .u32(GgufBytes.INT8)
                .u8(0xFF)
                .str("tool.u16")
                .u32(GgufBytes.UINT16)
                .u16(65535)
                .str("tool.i16")
                .u32(GgufBytes.INT16)
                .u16(0x8000)
                .kvU32("general.alignment", 64)
                .str("tool.i32")
                .u32(GgufBytes.INT32)
                .u32(-5)
                .str("tool.f32")
                .u32(GgufBytes.FLOAT32)
                .f32(0.25f)
                .str("tool.bool")
                .u32(GgufBytes.BOOL)
                .u8(1)
                .kv("controlvector.model_hint", "mistral")
                .str("tool.u64")
                .u32(GgufBytes.UINT64)
                .u64(-1)
                .str("tool.i64")
                .u32(GgufBytes.INT64)
                .u64(-2)
                .str("tool.f64")
                .u32(GgufBytes.FLOAT64)
                .f64(Math.PI)
                .str("general.tags")
                .u32(GgufBytes.ARRAY)
                .u32(GgufBytes.STRING)
                .u64(3)
                .str("a")
                .str("")
                .str("ccc")
                .str("tool.floats")
                .u32(GgufBytes.ARRAY)
                .u32(GgufBytes.FLOAT32)
                .u64(2)
                .f32(1)
                .f32(2)
                .str("tool.matrix")
                .u32(GgufBytes.ARRAY)
                .u32(GgufBytes.ARRAY)
                .u64(2)
                .u32(GgufBytes.UINT16)
                .u64(1)
                .u16(7)
                .u32(GgufBytes.STRING)
                .u64(1)
                .str("x")
                .kvU32("controlvector.layer_count", 2);
        // tensor 12 first, at data offset 0; tensor 3 at 64 (12 bytes of data padded to the 64-byte alignment)
        b.tensorInfo("direction.12", GgufBytes.F32, 0, 3).tensorInfo("direction.3", GgufBytes.F32, 64, 3);
        b.padTo(64).raw(GgufBytes.f32s(12f, 12.5f, -12f)).padTo(64).raw(GgufBytes.f32s(3f, 0.5f, -3f));
        b.padTo(64);

        ControlVector vector = ControlVectorFiles.read(b.toByteArray(), "hand-made.gguf");

        assertThat(vector.modelHint()).isEqualTo("mistral");
        assertThat(vector.hiddenSize()).isEqualTo(3);
        assertThat(vector.directions())
                .containsOnlyKeys(3, 12)
                .hasEntrySatisfying(3, v -> assertThat(v).containsExactly(3f, 0.5f, -3f))
                .hasEntrySatisfying(12, v -> assertThat(v).containsExactly(12f, 12.5f, -12f));
    }

    @Test
    void readsGgufVersion2() throws IOException {
        byte[] file = GgufBytes.file(
                2,
                32,
                1,
                new GgufBytes().kv("controlvector.model_hint", "llama"),
                List.of(Tensor.f32("direction.4", 1f, 2f)));

        ControlVector vector = ControlVectorFiles.read(file, "v2.gguf");

        assertThat(vector.layers()).containsExactly(4);
        assertThat(vector.directions().get(4)).containsExactly(1f, 2f);
    }

    @Test
    void aFileWithoutModelHintReadsWithAnEmptyHint() throws IOException {
        byte[] file = GgufBytes.file(0, new GgufBytes(), List.of(Tensor.f32("direction.1", 1f)));

        assertThat(ControlVectorFiles.read(file, "bare.gguf").modelHint()).isEmpty();
    }

    @Test
    void readsF16DirectionsExactly() throws IOException {
        // half bit patterns: 1, -2, 0.5, 65504 (largest half), 2^-24 (smallest subnormal), -0, 1/3 rounded to half
        int[] halves = {0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x8000, 0x3555};
        byte[] file = GgufBytes.file(
                0,
                new GgufBytes(),
                List.of(new Tensor("direction.2", GgufBytes.F16, new long[] {7}, GgufBytes.f16s(halves))));

        float[] v = ControlVectorFiles.read(file, "half.gguf").directions().get(2);

        assertThat(v).containsExactly(1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f, 0.333251953125f);
        assertThat(Float.floatToRawIntBits(v[5])).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    @Test
    void f16AndF32DirectionsMayShareAFile() throws IOException {
        byte[] file = GgufBytes.file(
                0,
                new GgufBytes(),
                List.of(
                        Tensor.f32("direction.1", 1f, 2f),
                        new Tensor("direction.2", GgufBytes.F16, new long[] {2}, GgufBytes.f16s(0x4200, 0x4400))));

        assertThat(ControlVectorFiles.read(file, "mixed.gguf").directions().get(2))
                .containsExactly(3f, 4f);
    }

    @Test
    void aDirectionWithTrailingDimensionsOfOneIsAVector() throws IOException {
        byte[] file = GgufBytes.file(
                0,
                new GgufBytes(),
                List.of(new Tensor("direction.3", GgufBytes.F32, new long[] {2, 1, 1}, GgufBytes.f32s(5f, 6f))));

        assertThat(ControlVectorFiles.read(file, "shaped.gguf").directions().get(3))
                .containsExactly(5f, 6f);
    }

    /** Written with the gguf Python package (0.19.0), the way repeng's export_gguf calls it; see the resource note. */
    @Test
    void readsAFileWrittenByTheGgufPythonPackage() throws IOException {
        ControlVector vector = ControlVectorFiles.read(resource("repeng-style-f32.gguf"));

        assertThat(vector).isEqualTo(repengStyleVector());
    }

    @Test
    void readsAnF16FileWrittenByTheGgufPythonPackage() throws IOException {
        ControlVector vector = ControlVectorFiles.read(resource("repeng-style-f16.gguf"));

        assertThat(vector).isEqualTo(repengStyleVector());
    }

    @Test
    void writesByteForByteWhatTheGgufPythonPackageWrites() throws IOException {
        byte[] ours = ControlVectorFiles.toBytes(repengStyleVector());

        assertThat(ours).isEqualTo(Files.readAllBytes(resource("repeng-style-f32.gguf")));
    }

    /** Checks the written layout with a walk over the bytes that shares no code with the reader. */
    @Test
    void writesGgufV3WithRepengsMetadataAndAlignedF32Tensors() {
        byte[] bytes = ControlVectorFiles.toBytes(vector("gemma2", 10, 2, 5, 40));
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("GGUF");
        in.position(4);
        assertThat(in.getInt()).as("version").isEqualTo(3);
        assertThat(in.getLong()).as("tensor count").isEqualTo(3);
        long entries = in.getLong();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < entries; i++) {
            String key = string(in);
            int type = in.getInt();
            assertThat(type).as(key).isIn(GgufBytes.STRING, GgufBytes.UINT32);
            metadata.put(key, type == GgufBytes.STRING ? string(in) : (Object) in.getInt());
        }
        assertThat(metadata)
                .containsExactly(
                        entry("general.architecture", "controlvector"),
                        entry("controlvector.model_hint", "gemma2"),
                        entry("controlvector.layer_count", 3));
        List<String> names = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            names.add(string(in));
            assertThat(in.getInt()).as("dimensions").isEqualTo(1);
            assertThat(in.getLong()).as("length").isEqualTo(10);
            assertThat(in.getInt()).as("type F32").isZero();
            offsets.add(in.getLong());
        }
        assertThat(names).containsExactly("direction.2", "direction.5", "direction.40");
        // 40 bytes of floats padded to 32 is 64 per tensor
        assertThat(offsets).containsExactly(0L, 64L, 128L);
        int dataStart = (in.position() + 31) / 32 * 32;
        assertThat(bytes).hasSize(dataStart + 3 * 64);
        assertThat(in.getFloat(dataStart + 64 + 4 * 3)).isEqualTo(5 + 3 / 16f);
    }

    @Test
    void theThreeReadersAgree() throws IOException {
        ControlVector vector = vector("phi3", 16, 3, 4);
        Path file = dir.resolve("v.gguf");
        ControlVectorFiles.write(file, vector);
        byte[] bytes = Files.readAllBytes(file);

        assertThat(ControlVectorFiles.read(file)).isEqualTo(vector);
        assertThat(ControlVectorFiles.read(bytes, "upload.gguf")).isEqualTo(vector);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            assertThat(ControlVectorFiles.read(in, "upload.gguf")).isEqualTo(vector);
        }
    }

    /** Layers 1, 2 and 15 of six values, {@code L + i/8} and negated for layer 2, as the Python fixtures hold. */
    static ControlVector repengStyleVector() {
        SortedMap<Integer, float[]> directions = new TreeMap<>();
        for (int layer : new int[] {1, 2, 15}) {
            float[] v = new float[6];
            for (int i = 0; i < v.length; i++) {
                v[i] = (layer + i / 8f) * (layer == 2 ? -1 : 1);
            }
            directions.put(layer, v);
        }
        return new ControlVector("mistral", 6, directions);
    }

    /** A vector whose value at layer L, element i, is {@code L + i/16}. */
    static ControlVector vector(String hint, int hiddenSize, int... layers) {
        SortedMap<Integer, float[]> directions = new TreeMap<>();
        for (int layer : layers) {
            float[] v = new float[hiddenSize];
            for (int i = 0; i < hiddenSize; i++) {
                v[i] = layer + i / 16f;
            }
            directions.put(layer, v);
        }
        return new ControlVector(hint, hiddenSize, directions);
    }

    static Path resource(String name) {
        try {
            return Path.of(
                    ControlVectorFilesTest.class.getResource("/gguf/" + name).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("test resource /gguf/" + name + " is missing", e);
        }
    }

    private static String string(ByteBuffer in) {
        byte[] bytes = new byte[(int) in.getLong()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
