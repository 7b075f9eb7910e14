package io.pluralign.engine.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ControlVectorTest {

    @Test
    void keepsItsOwnCopyOfTheVectors() {
        float[] values = {1f, 2f};
        SortedMap<Integer, float[]> directions = new TreeMap<>();
        directions.put(3, values);
        ControlVector vector = new ControlVector("llama", 2, directions);

        values[0] = 99f;
        directions.put(4, new float[] {5f, 6f});
        vector.directions().get(3)[1] = 77f;

        assertThat(vector.layers()).containsExactly(3);
        assertThat(vector.directions().get(3)).containsExactly(1f, 2f);
    }

    @Test
    void theHandedOutMapCannotBeChanged() {
        ControlVector vector = ControlVectorFilesTest.vector("llama", 2, 3);

        assertThatThrownBy(() -> vector.directions().put(5, new float[2]))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> vector.layers().add(5)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalValuesMakeEqualVectors() {
        ControlVector a = ControlVectorFilesTest.vector("llama", 4, 1, 2);
        ControlVector b = ControlVectorFilesTest.vector("llama", 4, 1, 2);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ControlVectorFilesTest.vector("mistral", 4, 1, 2));
        assertThat(a).isNotEqualTo(ControlVectorFilesTest.vector("llama", 4, 1, 3));
        SortedMap<Integer, float[]> changed = a.directions();
        changed.get(2)[3] += 1f;
        assertThat(a).isNotEqualTo(new ControlVector("llama", 4, changed));
    }

    @Test
    void toStringNamesTheLayersNotTheValues() {
        assertThat(ControlVectorFilesTest.vector("llama", 4096, 1, 2))
                .hasToString("ControlVector[modelHint=llama, hiddenSize=4096, layers=[1, 2]]");
    }

    @Test
    void refusesWhatCannotBeAControlVector() {
        assertThatThrownBy(() -> new ControlVector(null, 2, one(1, new float[2])))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("modelHint");
        assertThatThrownBy(() -> new ControlVector("", 0, one(1, new float[0])))
                .hasMessage("hiddenSize must be between 1 and 1048576, was 0");
        assertThatThrownBy(() -> new ControlVector("", 2, new TreeMap<>()))
                .hasMessage("directions must hold at least one layer");
        assertThatThrownBy(() -> new ControlVector("", 2, one(-1, new float[2])))
                .hasMessage("layer index must be >= 0, was -1");
        assertThatThrownBy(() -> new ControlVector("", 2, one(1, null))).hasMessage("layer 1 has no vector (null)");
        assertThatThrownBy(() -> new ControlVector("", 2, one(5, new float[3])))
                .hasMessage("layer 5 has 3 values, but hiddenSize is 2");
        assertThatThrownBy(() -> new ControlVector("", 2, one(5, new float[] {0f, Float.POSITIVE_INFINITY})))
                .hasMessage("layer 5, element 1 is Infinity: steering needs finite values");
        SortedMap<Integer, float[]> withNullKey =
                new TreeMap<>((a, b) -> a == null ? (b == null ? 0 : -1) : b == null ? 1 : Integer.compare(a, b));
        withNullKey.put(null, new float[2]);
        assertThatThrownBy(() -> new ControlVector("", 2, withNullKey)).hasMessage("directions has a null layer index");
    }

    @Test
    void layerZeroIsAValidPluralignLayer() {
        assertThat(new ControlVector("", 1, one(0, new float[] {1f})).layers()).containsExactly(0);
    }

    private static SortedMap<Integer, float[]> one(Integer layer, float[] vector) {
        SortedMap<Integer, float[]> map = new TreeMap<>();
        map.put(layer, vector);
        return Collections.unmodifiableSortedMap(map);
    }
}
