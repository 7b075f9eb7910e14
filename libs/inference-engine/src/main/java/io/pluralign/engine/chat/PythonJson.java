package io.pluralign.engine.chat;

import com.hubspot.jinjava.objects.SafeString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as {@code transformers} exposes it to chat templates through {@code tojson}: {@code
 * ensure_ascii} (off by default, unlike {@code json.dumps}), {@code indent}, {@code separators} and {@code sort_keys}.
 * The output is Python's byte for byte for strings, numbers, booleans, null, lists and dicts, including its default
 * separators ({@code ", "} and {@code ": "}, or {@code ","} and {@code ": "} when indenting), so tool schemas and
 * messages dumped by a template read exactly as the model saw them in training.
 */
final class PythonJson {
    private final boolean ensureAscii;
    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;

    PythonJson(boolean ensureAscii, Object indent, List<?> separators, boolean sortKeys) {
        this.ensureAscii = ensureAscii;
        this.indent = indentString(indent);
        if (separators != null) {
            if (separators.size() != 2) {
                throw new IllegalArgumentException("separators must be an (item_separator, key_separator) pair");
            }
            this.itemSeparator = String.valueOf(separators.get(0));
            this.keySeparator = String.valueOf(separators.get(1));
        } else {
            this.itemSeparator = this.indent == null ? ", " : ",";
            this.keySeparator = ": ";
        }
        this.sortKeys = sortKeys;
    }

    private static String indentString(Object indent) {
        if (indent == null) {
            return null;
        }
        if (indent instanceof Number) {
            return " ".repeat(Math.max(0, ((Number) indent).intValue()));
        }
        return String.valueOf(indent);
    }

    String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private void write(Object value, StringBuilder out, int level) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof SafeString || value instanceof Character) {
            writeString(value.toString(), out);
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value) ? "true" : "false");
        } else if (value instanceof Number) {
            out.append(number((Number) value));
        } else if (value instanceof Map) {
            writeObject((Map<?, ?>) value, out, level);
        } else if (value instanceof Map.Entry) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) value;
            writeArray(Arrays.asList(entry.getKey(), entry.getValue()), out, level);
        } else if (value instanceof Iterable) {
            writeArray((Iterable<?>) value, out, level);
        } else if (value instanceof Object[]) {
            writeArray(Arrays.asList((Object[]) value), out, level);
        } else {
            throw new IllegalArgumentException(
                    "Object of type " + value.getClass().getSimpleName() + " is not JSON serializable");
        }
    }

    private void writeArray(Iterable<?> items, StringBuilder out, int level) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(itemSeparator);
            }
            newline(out, level + 1);
            write(item, out, level + 1);
            first = false;
        }
        if (!first) {
            newline(out, level);
        }
        out.append(']');
    }

    private void writeObject(Map<?, ?> map, StringBuilder out, int level) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (sortKeys) {
            entries.sort(Comparator.comparing(e -> key(e.getKey())));
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : entries) {
            if (!first) {
                out.append(itemSeparator);
            }
            newline(out, level + 1);
            writeString(key(entry.getKey()), out);
            out.append(keySeparator);
            write(entry.getValue(), out, level + 1);
            first = false;
        }
        if (!first) {
            newline(out, level);
        }
        out.append('}');
    }

    private void newline(StringBuilder out, int level) {
        if (indent != null) {
            out.append('\n');
            for (int i = 0; i < level; i++) {
                out.append(indent);
            }
        }
    }

    /** Dict keys as {@code json.dumps} writes them: strings as they are, numbers, booleans and None spelled out. */
    private static String key(Object key) {
        if (key == null) {
            return "null";
        }
        if (key instanceof Boolean) {
            return ((Boolean) key) ? "true" : "false";
        }
        if (key instanceof Number) {
            return number((Number) key);
        }
        return key.toString();
    }

    private void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** Integers as digits; floats as Python's {@code repr} ({@code 1.0}, {@code 1e+16}, {@code 1.5e-05}, {@code NaN}). */
    static String number(Number n) {
        if (n instanceof Long
                || n instanceof Integer
                || n instanceof Short
                || n instanceof Byte
                || n instanceof BigInteger) {
            return n.toString();
        }
        double d = n.doubleValue();
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = exact.toPlainString();
        return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
    }
}
