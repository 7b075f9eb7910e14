package io.pluralign.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code json.dumps} as {@code transformers}' {@code tojson} calls it; expected strings are Python's. */
class PythonJsonTest {

    private static String dumps(Object value) {
        return new PythonJson(false, null, null, false).dumps(value);
    }

    @Test
    void numbers_as_python_writes_them() {
        assertThat(dumps(List.of(1, 1L, -7, 2.5, 1.0, -0.0, 0.1, 1e16, 1e15, 1.5e-5, 1e-4, 123456789.125)))
                .isEqualTo(
                        "[1, 1, -7, 2.5, 1.0, -0.0, 0.1, 1e+16, 1000000000000000.0, 1.5e-05, 0.0001, 123456789.125]");
        assertThat(dumps(List.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)))
                .isEqualTo("[NaN, Infinity, -Infinity]");
    }

    @Test
    void strings_escaped_as_python_escapes_them() {
        assertThat(dumps("q\"\\/\n\r\t\b\f\u0001\u007fé😀")).isEqualTo("\"q\\\"\\\\/\\n\\r\\t\\b\\f\\u0001\u007fé😀\"");
        assertThat(new PythonJson(true, null, null, false).dumps("é😀\u007f"))
                .isEqualTo("\"\\u00e9\\ud83d\\ude00\\u007f\"");
    }

    @Test
    void containers_with_default_and_indented_separators() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("b", Arrays.asList(1, null, true));
        map.put("a", Map.of());
        map.put(3, List.of());
        map.put(null, false);

        assertThat(dumps(map)).isEqualTo("{\"b\": [1, null, true], \"a\": {}, \"3\": [], \"null\": false}");
        assertThat(new PythonJson(false, 2, null, false).dumps(map))
                .isEqualTo(
                        "{\n  \"b\": [\n    1,\n    null,\n    true\n  ],\n  \"a\": {},\n  \"3\": [],\n  \"null\": false\n}");
        assertThat(new PythonJson(false, null, List.of(",", ":"), true).dumps(Map.of("b", 1, "a", List.of(1, 2))))
                .isEqualTo("{\"a\":[1,2],\"b\":1}");
        assertThat(new PythonJson(false, "\t", null, false).dumps(List.of(1))).isEqualTo("[\n\t1\n]");
    }

    @Test
    void other_objects_are_not_serializable() {
        assertThatThrownBy(() -> dumps(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not JSON serializable");
    }
}
