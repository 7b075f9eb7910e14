package io.pluralign.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.engine.gguf.GgufBytes.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@code direction.N} is Pluralign layer {@code N}, the output of 0-based block {@code N}: llama.cpp adds
 * {@code direction.N} after block {@code N} and repeng names its layer-{@code N} vector {@code direction.N}.
 */
class LayerNumberingTest {

    @Test
    void directionNInAFileIsPluralignLayerN() throws IOException {
        byte[] file = GgufBytes.file(
                0,
                new GgufBytes(),
                List.of(
                        Tensor.f32("direction.1", 1f),
                        Tensor.f32("direction.31", 31f),
                        Tensor.f32("direction.16", 16f)));

        ControlVector vector = ControlVectorFiles.read(file, "layers.gguf");

        assertThat(vector.layers()).containsExactly(1, 16, 31);
        assertThat(vector.directions().get(16)).containsExactly(16f);
    }

    @Test
    void pluralignLayerLIsWrittenAsDirectionL() {
        byte[] bytes = ControlVectorFiles.toBytes(ControlVectorFilesTest.vector("llama", 4, 1, 27));
        String text = new String(bytes, StandardCharsets.ISO_8859_1);

        assertThat(text).contains("direction.1\u0001", "direction.27\u0001");
        assertThat(text).doesNotContain("direction.0", "direction.26", "direction.28");
    }

    @Test
    void layerZeroCannotBeWrittenBecauseLlamaCppRejectsDirectionZero() {
        ControlVector steersBlockZero = ControlVectorFilesTest.vector("llama", 4, 0, 1);

        assertThatThrownBy(() -> ControlVectorFiles.toBytes(steersBlockZero))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0")
                .hasMessageContaining("direction.0");
    }

    @Test
    void directionZeroInAFileIsRefused() {
        byte[] file = GgufBytes.file(0, new GgufBytes(), List.of(Tensor.f32("direction.0", 1f)));

        assertThatThrownBy(() -> ControlVectorFiles.read(file, "zero.gguf"))
                .isInstanceOf(ControlVectorFormatException.class)
                .hasMessageStartingWith("zero.gguf: tensor 'direction.0'")
                .hasMessageContaining("block 0");
    }

    @Test
    void leadingZerosNameTheSameLayer() throws IOException {
        byte[] file = GgufBytes.file(0, new GgufBytes(), List.of(Tensor.f32("direction.007", 7f)));

        assertThat(ControlVectorFiles.read(file, "padded.gguf").layers()).containsExactly(7);
    }

    @Test
    void namesWithoutALayerNumberAreRefused() {
        for (String name : List.of(
                "direction.",
                "direction.-1",
                "direction.+2",
                "direction.1a",
                "direction.1.0",
                "direction. 3",
                "direction.1234567890",
                "Direction.1")) {
            byte[] file = GgufBytes.file(0, new GgufBytes(), List.of(Tensor.f32(name, 1f)));

            assertThatThrownBy(() -> ControlVectorFiles.read(file, "names.gguf"))
                    .as(name)
                    .isInstanceOf(ControlVectorFormatException.class)
                    .hasMessageStartingWith("names.gguf: tensor '" + name + "'");
        }
    }

    @Test
    void roundTripKeepsEveryLayerNumber() throws IOException {
        SortedMap<Integer, float[]> directions = new TreeMap<>();
        for (int layer = 1; layer <= 80; layer++) {
            directions.put(layer, new float[] {layer});
        }
        directions.put(999_999_999, new float[] {-1f});
        ControlVector vector = new ControlVector("", 1, directions);

        ControlVector back = ControlVectorFiles.read(ControlVectorFiles.toBytes(vector), "many.gguf");

        assertThat(back.layers()).isEqualTo(vector.layers());
        assertThat(back.directions().get(42)).containsExactly(42f);
    }
}
