package io.pluralign.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    private static final float[] VALUES = {0f, -0f, 1f, -2.5f, 3.14159265f, 1e-3f, 65504f, -1e-8f, 123.456f, 7e-5f};

    @Test
    void f32IsReadExactly() throws IOException {
        Path file = write(TensorDType.F32);
        assertThat(SafetensorsFile.open(file).readFloats("t")).containsExactly(VALUES);
    }

    @Test
    void f16IsWidenedToTheNearestHalfPrecisionValue() throws IOException {
        float[] read = SafetensorsFile.open(write(TensorDType.F16)).readFloats("t");
        for (int i = 0; i < VALUES.length; i++) {
            assertThat(read[i])
                    .isCloseTo(VALUES[i], org.assertj.core.data.Offset.offset(Math.abs(VALUES[i]) / 1024 + 6e-8f));
            assertThat(HalfFloat.toFloat(HalfFloat.fromFloat(read[i]))).isEqualTo(read[i]);
        }
    }

    @Test
    void bf16IsWidenedExactlyFromItsUpperSixteenBits() throws IOException {
        float[] read = SafetensorsFile.open(write(TensorDType.BF16)).readFloats("t");
        for (int i = 0; i < VALUES.length; i++) {
            assertThat(Float.floatToIntBits(read[i]) & 0xFFFF).isZero();
            assertThat(read[i]).isCloseTo(VALUES[i], org.assertj.core.data.Offset.offset(Math.abs(VALUES[i]) / 128));
        }
    }

    @Test
    void aTruncatedFileIsRefusedNamingTheFileAndTensor() throws IOException {
        Path file = write(TensorDType.F32);
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(() -> SafetensorsFile.open(truncated))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("truncated.safetensors")
                .hasMessageContaining("'t'")
                .hasMessageContaining("outside the data section");
    }

    @Test
    void aHeaderThatIsNotJsonOrHasAnAbsurdLengthIsRefused() throws IOException {
        Path garbage = dir.resolve("garbage.safetensors");
        byte[] header = "{not json".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(header.length).put(header);
        Files.write(garbage, buf.array());
        assertThatThrownBy(() -> SafetensorsFile.open(garbage))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("garbage.safetensors")
                .hasMessageContaining("not valid JSON");
        Path huge = dir.resolve("huge.safetensors");
        Files.write(
                huge,
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(Long.MAX_VALUE)
                        .array());
        assertThatThrownBy(() -> SafetensorsFile.open(huge)).hasMessageContaining("invalid header length");
    }

    @Test
    void sizesThatDoNotMatchTheShapeAndUnsupportedDtypesAreRefused() throws IOException {
        Path file = raw(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"I8\",\"shape\":[8],\"data_offsets\":[0,8]}}",
                8);
        assertThatThrownBy(() -> SafetensorsFile.open(file))
                .hasMessageContaining("'a'")
                .hasMessageContaining("[3]");
        Path ok = raw("{\"b\":{\"dtype\":\"I8\",\"shape\":[8],\"data_offsets\":[0,8]}}", 8);
        SafetensorsFile opened = SafetensorsFile.open(ok);
        assertThatThrownBy(() -> opened.readFloats("b")).hasMessageContaining("dtype I8");
        assertThatThrownBy(() -> opened.readFloats("c")).hasMessageContaining("'c' is missing");
    }

    private Path write(TensorDType dtype) throws IOException {
        Path file = dir.resolve(dtype + ".safetensors");
        new SafetensorsWriter().add("t", new long[] {2, 5}, VALUES).write(file, dtype);
        return file;
    }

    private Path raw(String header, int dataBytes) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        Path file = dir.resolve("raw" + header.hashCode() + ".safetensors");
        Files.write(file, buf.array());
        return file;
    }
}
