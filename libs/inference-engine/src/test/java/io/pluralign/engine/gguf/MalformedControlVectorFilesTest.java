package io.pluralign.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pluralign.engine.gguf.GgufBytes.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file ends in a {@link ControlVectorFormatException} that says which file and what is wrong. */
class MalformedControlVectorFilesTest {

    private static final String NAME = "bad.gguf";

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNotGgufIsRefused() {
        refused("{\"layers\": [1, 2, 3]}".getBytes())
                .hasMessage(NAME + ": is not a GGUF file: it starts with 0x7b226c61 instead of \"GGUF\"");
    }

    @Test
    void anEmptyFileIsTruncated() {
        refused(new byte[0]).hasMessageStartingWith(NAME + ": is truncated: the GGUF magic needs 4 bytes");
    }

    @Test
    void versionsOtherThanTwoAndThreeAreRefused() {
        refused(GgufBytes.header(1, 1, 0).toByteArray())
                .hasMessageContaining("GGUF version 1; only versions 2 and 3 are supported");
        refused(GgufBytes.header(4, 1, 0).toByteArray()).hasMessageContaining("GGUF version 4");
    }

    @Test
    void aBigEndianFileIsRefusedAsSuch() {
        // a big-endian version 3 reads as 0x03000000 little-endian
        refused(GgufBytes.header(0x0300_0000L, 1, 0).toByteArray()).hasMessageContaining("big-endian");
    }

    @Test
    void everyTruncationOfAValidFileIsRefused() throws IOException {
        byte[] whole = ControlVectorFiles.toBytes(ControlVectorFilesTest.vector("llama", 8, 3, 4));
        ControlVectorFiles.read(whole, NAME);

        // 8 floats fill a 32-byte slot exactly: no trailing padding, so every shorter file lacks data
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);

            assertThat(catchThrowable(() -> ControlVectorFiles.read(cut, NAME)))
                    .as("cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(ControlVectorFormatException.class)
                    .hasMessageStartingWith(NAME + ": ")
                    .hasMessageContaining("truncated");
        }
    }

    /** Random damage to a valid file is either still readable or refused cleanly: no other exception escapes. */
    @Test
    void damagedBytesNeverEscapeAsAnotherException() {
        byte[] whole = ControlVectorFiles.toBytes(ControlVectorFilesTest.vector("llama", 8, 3, 4, 5));
        Random random = new Random(20240611);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = whole.clone();
            for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                int at = random.nextInt(damaged.length);
                damaged[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (damaged[at] ^ 0x80);
            }

            Throwable thrown = catchThrowable(() -> ControlVectorFiles.read(damaged, NAME));

            if (thrown != null) {
                assertThat(thrown)
                        .as("round %d", round)
                        .isInstanceOf(ControlVectorFormatException.class)
                        .hasMessageStartingWith(NAME + ": ");
            }
        }
    }

    @Test
    void anAbsurdTensorCountIsRefusedBeforeAnythingIsAllocated() {
        refused(GgufBytes.header(3, 1L << 40, 0).toByteArray()).hasMessageContaining("declares 1099511627776 tensors");
        refused(GgufBytes.header(3, -1, 0).toByteArray()).hasMessageContaining("declares 18446744073709551615 tensors");
    }

    @Test
    void anAbsurdMetadataCountIsRefused() {
        refused(GgufBytes.header(3, 1, 1L << 50).toByteArray())
                .hasMessageContaining("is truncated or corrupt")
                .hasMessageContaining("1125899906842624 metadata entries");
    }

    @Test
    void anAbsurdStringLengthIsRefused() {
        byte[] file = GgufBytes.header(3, 1, 1)
                .u64(1L << 62)
                .raw('a', 'b')
                .raw(new byte[32])
                .toByteArray();

        refused(file).hasMessageContaining("metadata key 1 declares 4611686018427387904 bytes");
    }

    @Test
    void aStringLongerThanTheFileIsTruncated() {
        byte[] file = GgufBytes.header(3, 1, 1)
                .u64(1000)
                .raw('a', 'b')
                .raw(new byte[32])
                .toByteArray();

        refused(file).hasMessageContaining("truncated: metadata key 1 needs 1000 bytes");
    }

    @Test
    void anUnknownStringValueLongerThanTheFileIsTruncated() {
        byte[] file = GgufBytes.header(3, 1, 1)
                .str("tool.note")
                .u32(GgufBytes.STRING)
                .u64(-2)
                .toByteArray();

        refused(file).hasMessageContaining("truncated").hasMessageContaining("'tool.note'");
    }

    @Test
    void anArrayLongerThanTheFileCanHoldIsRefused() {
        for (int elementType : new int[] {GgufBytes.UINT8, GgufBytes.FLOAT64, GgufBytes.STRING, GgufBytes.ARRAY}) {
            byte[] file = GgufBytes.header(3, 1, 1)
                    .str("tokenizer.ggml.tokens")
                    .u32(GgufBytes.ARRAY)
                    .u32(elementType)
                    .u64(1L << 40)
                    .u64(0)
                    .toByteArray();

            refused(file)
                    .hasMessageContaining("'tokenizer.ggml.tokens' declares 1099511627776 elements")
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void deeplyNestedArraysAreRefused() {
        GgufBytes b = GgufBytes.header(3, 1, 1).str("tool.nest").u32(GgufBytes.ARRAY);
        for (int depth = 0; depth < 10_000; depth++) {
            b.u32(GgufBytes.ARRAY).u64(1);
        }

        refused(b.toByteArray()).hasMessageContaining("'tool.nest' nests arrays more than 8 deep");
    }

    @Test
    void anUnknownValueTypeIsRefused() {
        refused(GgufBytes.header(3, 1, 1).str("tool.x").u32(13).u64(0).toByteArray())
                .hasMessageContaining("'tool.x' has unknown value type 13");
        refused(GgufBytes.header(3, 1, 1)
                        .str("tool.y")
                        .u32(GgufBytes.ARRAY)
                        .u32(99)
                        .u64(1)
                        .toByteArray())
                .hasMessageContaining("'tool.y' is an array of unknown value type 99");
    }

    @Test
    void aDuplicateMetadataKeyIsRefused() {
        GgufBytes metadata = new GgufBytes().kv("controlvector.model_hint", "a").kv("controlvector.model_hint", "b");

        refused(GgufBytes.file(2, metadata, List.of(Tensor.f32("direction.1", 1f))))
                .hasMessageContaining("metadata key 'controlvector.model_hint' appears twice");
    }

    @Test
    void knownKeysOfTheWrongTypeAreRefused() {
        GgufBytes hint = new GgufBytes().kvU32("controlvector.model_hint", 7);
        refused(GgufBytes.file(1, hint, List.of(Tensor.f32("direction.1", 1f))))
                .hasMessageContaining("controlvector.model_hint has value type 4; it must be a string");

        GgufBytes alignment = new GgufBytes().kv("general.alignment", "32");
        refused(GgufBytes.file(1, alignment, List.of(Tensor.f32("direction.1", 1f))))
                .hasMessageContaining("general.alignment has value type 8; it must be a uint32");
    }

    @Test
    void anAlignmentThatIsNotAPowerOfTwoIsRefused() {
        for (long alignment : new long[] {0, 24, 0xFFFF_FFFFL}) {
            GgufBytes metadata = new GgufBytes().kvU32("general.alignment", alignment);

            refused(GgufBytes.file(1, metadata, List.of(Tensor.f32("direction.1", 1f))))
                    .hasMessageContaining("general.alignment is " + alignment + "; it must be a power of two");
        }
    }

    @Test
    void aFileWithoutTensorsIsRefused() {
        refused(GgufBytes.file(0, new GgufBytes(), List.of())).hasMessageContaining("has no tensors");
    }

    @Test
    void aModelFileIsRefusedByNamingItsFirstTensor() {
        GgufBytes metadata = new GgufBytes().kv("general.architecture", "llama");

        refused(GgufBytes.file(1, metadata, List.of(Tensor.f32("token_embd.weight", 1f))))
                .hasMessageStartingWith(NAME + ": tensor 'token_embd.weight' is not a control-vector direction")
                .hasMessageContaining("general.architecture is 'llama'");
    }

    @Test
    void aTensorBesideTheDirectionsIsRefused() {
        refused(GgufBytes.file(
                        0, new GgufBytes(), List.of(Tensor.f32("direction.1", 1f), Tensor.f32("direction.1.norm", 1f))))
                .hasMessageStartingWith(NAME + ": tensor 'direction.1.norm' has no layer number");
    }

    @Test
    void unsupportedTensorTypesAreRefusedByName() {
        Tensor q8 = new Tensor("direction.5", GgufBytes.Q8_0, new long[] {32}, new byte[34]);

        refused(GgufBytes.file(0, new GgufBytes(), List.of(q8)))
                .hasMessage(NAME + ": tensor 'direction.5' has ggml type 8; only F32 (type 0) and F16 (type 1) are"
                        + " supported");
    }

    @Test
    void directionsOfDifferentLengthsAreRefusedNamingBoth() {
        List<Tensor> tensors = List.of(Tensor.f32("direction.1", 1f, 2f, 3f), Tensor.f32("direction.2", 1f, 2f));

        refused(GgufBytes.file(0, new GgufBytes(), tensors))
                .hasMessage(NAME + ": tensor 'direction.2' has 2 elements, but tensor 'direction.1' has 3; every"
                        + " direction has the model's hidden size");
    }

    @Test
    void twoDirectionsForOneLayerAreRefused() {
        refused(GgufBytes.file(
                        0, new GgufBytes(), List.of(Tensor.f32("direction.5", 1f), Tensor.f32("direction.05", 2f))))
                .hasMessageStartingWith(NAME + ": tensor 'direction.05' steers layer 5, as does tensor 'direction.5'");
    }

    @Test
    void aMatrixIsNotADirection() {
        Tensor matrix = new Tensor("direction.3", GgufBytes.F32, new long[] {2, 2}, GgufBytes.f32s(1, 2, 3, 4));

        refused(GgufBytes.file(0, new GgufBytes(), List.of(matrix)))
                .hasMessageContaining("tensor 'direction.3' has shape [2, 2]; a direction is one-dimensional");
    }

    @Test
    void dimensionCountsOutsideOneToFourAreRefused() {
        for (long[] dims : new long[][] {{}, {1, 1, 1, 1, 1}}) {
            Tensor odd = new Tensor("direction.3", GgufBytes.F32, dims, GgufBytes.f32s(1));

            refused(GgufBytes.file(0, new GgufBytes(), List.of(odd)))
                    .hasMessageContaining("tensor 'direction.3' has " + dims.length + " dimensions");
        }
    }

    @Test
    void anAbsurdLengthIsRefusedBeforeAnythingIsAllocated() {
        for (long length : new long[] {0, 1L << 40, -1}) {
            Tensor huge = new Tensor("direction.3", GgufBytes.F32, new long[] {length}, GgufBytes.f32s(1));

            refused(GgufBytes.file(0, new GgufBytes(), List.of(huge)))
                    .hasMessageContaining(
                            "tensor 'direction.3' has " + Long.toUnsignedString(length) + " elements; a direction has");
        }
    }

    @Test
    void dataPastTheEndOfTheFileIsTruncated() {
        byte[] file = GgufBytes.header(3, 1, 0)
                .tensorInfo("direction.2", GgufBytes.F32, 1L << 40, 4)
                .padTo(32)
                .raw(GgufBytes.f32s(1, 2, 3, 4))
                .toByteArray();

        refused(file).hasMessageStartingWith(NAME + ": tensor 'direction.2' is truncated");

        byte[] shortData = GgufBytes.header(3, 1, 0)
                .tensorInfo("direction.2", GgufBytes.F32, 0, 4)
                .padTo(32)
                .raw(GgufBytes.f32s(1, 2, 3))
                .toByteArray();
        refused(shortData).hasMessageContaining("its 16 bytes at data offset 0 run past the end of the file");
    }

    @Test
    void aMisalignedOffsetIsRefused() {
        byte[] file = GgufBytes.header(3, 1, 0)
                .tensorInfo("direction.2", GgufBytes.F32, 4, 1)
                .padTo(32)
                .raw(GgufBytes.f32s(0, 1))
                .toByteArray();

        refused(file)
                .hasMessageContaining("tensor 'direction.2' starts at data offset 4, which is not a multiple of"
                        + " the alignment 32");
    }

    @Test
    void nonFiniteValuesAreRefused() {
        refused(GgufBytes.file(0, new GgufBytes(), List.of(Tensor.f32("direction.1", 1f, Float.NaN))))
                .hasMessageContaining("tensor 'direction.1' element 1 is NaN");
        Tensor infinite = new Tensor("direction.1", GgufBytes.F16, new long[] {1}, GgufBytes.f16s(0xFC00));
        refused(GgufBytes.file(0, new GgufBytes(), List.of(infinite)))
                .hasMessageContaining("tensor 'direction.1' element 0 is -Infinity");
    }

    @Test
    void controlCharactersInNamesDoNotReachTheMessage() {
        refused(GgufBytes.file(0, new GgufBytes(), List.of(Tensor.f32("evil\nline", 1f))))
                .hasMessageStartingWith(NAME + ": tensor 'evil?line'");
    }

    @Test
    void anOversizedFileIsRefusedWithoutReadingIt() throws IOException {
        Path file = dir.resolve("huge.gguf");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(GgufReader.MAX_FILE_BYTES + 1);
        }

        assertThatThrownBy(() -> ControlVectorFiles.read(file))
                .isInstanceOf(ControlVectorFormatException.class)
                .hasMessage(file + ": 67108865 bytes is more than the 67108864 a control vector file may have");
    }

    @Test
    void anOversizedStreamIsRefused() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len; // zeros, as fast as they are asked for
            }
        };

        assertThatThrownBy(() -> ControlVectorFiles.read(endless, "upload.gguf"))
                .isInstanceOf(ControlVectorFormatException.class)
                .hasMessage("upload.gguf: more than 67108864 bytes, which no control vector file has");
    }

    @Test
    void aPathErrorNamesThePath() throws IOException {
        Path file = dir.resolve("broken.gguf");
        java.nio.file.Files.write(file, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0});

        assertThatThrownBy(() -> ControlVectorFiles.read(file))
                .isInstanceOf(ControlVectorFormatException.class)
                .hasMessageStartingWith(file + ": is truncated: the GGUF version needs 4 bytes at offset 4");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(byte[] file) {
        return assertThatThrownBy(() -> ControlVectorFiles.read(file, NAME))
                .isInstanceOf(ControlVectorFormatException.class)
                .hasMessageStartingWith(NAME + ": ");
    }
}
