package io.pluralign.engine.chat;

import com.hubspot.jinjava.objects.collections.PyList;
import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * Python {@code str} methods that chat templates call on strings ({@code content.strip()}, {@code
 * role.startswith('sys')}, {@code text.split('</think>')[-1]}...), which Jinjava would otherwise look up as Java
 * methods: most do not exist there ({@code lstrip}, {@code startswith}, {@code upper}...) and the others differ
 * ({@code split} takes a regular expression and drops trailing empty parts, {@code strip} takes no characters).
 *
 * <p>Placed first in Jinjava's resolver chain; it resolves only method calls on a {@link String} whose name and
 * argument count it knows, with Python's semantics, and leaves everything else to Jinjava's own resolvers.
 */
final class PythonStringMethods extends ELResolver {
    private static final Object NOT_HANDLED = new Object();

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String) || !(method instanceof String)) {
            return null;
        }
        String s = (String) base;
        Object[] args = params == null ? new Object[0] : params;
        Object result = call(s, (String) method, args);
        if (result == NOT_HANDLED) {
            return null;
        }
        context.setPropertyResolved(true);
        return result;
    }

    private static Object call(String s, String method, Object[] args) {
        int n = args.length;
        switch (method) {
            case "strip":
                return n <= 1 ? strip(s, optionalString(args), true, true) : NOT_HANDLED;
            case "lstrip":
                return n <= 1 ? strip(s, optionalString(args), true, false) : NOT_HANDLED;
            case "rstrip":
                return n <= 1 ? strip(s, optionalString(args), false, true) : NOT_HANDLED;
            case "startswith":
                return n == 1 ? matchesAny(s, args[0], true) : NOT_HANDLED;
            case "endswith":
                return n == 1 ? matchesAny(s, args[0], false) : NOT_HANDLED;
            case "split":
                return n <= 2 ? split(s, optionalString(args), maxSplit(args)) : NOT_HANDLED;
            case "rsplit":
                return n <= 2 ? rsplit(s, optionalString(args), maxSplit(args)) : NOT_HANDLED;
            case "upper":
                return n == 0 ? s.toUpperCase(Locale.ROOT) : NOT_HANDLED;
            case "lower":
                return n == 0 ? s.toLowerCase(Locale.ROOT) : NOT_HANDLED;
            case "title":
                return n == 0 ? title(s) : NOT_HANDLED;
            case "capitalize":
                return n == 0 ? capitalize(s) : NOT_HANDLED;
            case "replace":
                return n == 2 || n == 3
                        ? replace(s, str(args[0]), str(args[1]), n == 3 ? toInt(args[2]) : -1)
                        : NOT_HANDLED;
            case "find":
                return n == 1 ? (long) s.indexOf(str(args[0])) : NOT_HANDLED;
            case "join":
                return n == 1 ? join(s, args[0]) : NOT_HANDLED;
            default:
                return NOT_HANDLED;
        }
    }

    /** The first argument, absent or None meaning whitespace for strip and split. */
    private static String optionalString(Object[] args) {
        return args.length == 0 || args[0] == null ? null : str(args[0]);
    }

    private static int maxSplit(Object[] args) {
        return args.length < 2 ? -1 : toInt(args[1]);
    }

    /** Python's {@code str.isspace()} for one code point. */
    static boolean isPythonSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end) {
                int c = s.codePointAt(start);
                if (!stripped(c, chars)) {
                    break;
                }
                start += Character.charCount(c);
            }
        }
        if (right) {
            while (end > start) {
                int c = s.codePointBefore(end);
                if (!stripped(c, chars)) {
                    break;
                }
                end -= Character.charCount(c);
            }
        }
        return s.substring(start, end);
    }

    private static boolean stripped(int c, String chars) {
        return chars == null ? isPythonSpace(c) : chars.indexOf(c) >= 0;
    }

    private static boolean matchesAny(String s, Object affixes, boolean prefix) {
        if (affixes instanceof Iterable) {
            for (Object affix : (Iterable<?>) affixes) {
                if (matches(s, str(affix), prefix)) {
                    return true;
                }
            }
            return false;
        }
        return matches(s, str(affixes), prefix);
    }

    private static boolean matches(String s, String affix, boolean prefix) {
        return prefix ? s.startsWith(affix) : s.endsWith(affix);
    }

    private static List<Object> split(String s, String sep, int maxSplit) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int len = s.length();
            while (true) {
                while (i < len && isPythonSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                if (i >= len) {
                    break;
                }
                if (maxSplit >= 0 && parts.size() == maxSplit) {
                    parts.add(s.substring(i));
                    break;
                }
                int start = i;
                while (i < len && !isPythonSpace(s.codePointAt(i))) {
                    i += Character.charCount(s.codePointAt(i));
                }
                parts.add(s.substring(start, i));
            }
            return new PyList(parts);
        }
        requireSeparator(sep);
        int start = 0;
        while (maxSplit < 0 || parts.size() < maxSplit) {
            int at = s.indexOf(sep, start);
            if (at < 0) {
                break;
            }
            parts.add(s.substring(start, at));
            start = at + sep.length();
        }
        parts.add(s.substring(start));
        return new PyList(parts);
    }

    private static List<Object> rsplit(String s, String sep, int maxSplit) {
        if (maxSplit < 0) {
            return split(s, sep, maxSplit);
        }
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int end = s.length();
            while (true) {
                while (end > 0 && isPythonSpace(s.codePointBefore(end))) {
                    end -= Character.charCount(s.codePointBefore(end));
                }
                if (end <= 0) {
                    break;
                }
                if (parts.size() == maxSplit) {
                    parts.add(0, s.substring(0, end));
                    break;
                }
                int stop = end;
                while (end > 0 && !isPythonSpace(s.codePointBefore(end))) {
                    end -= Character.charCount(s.codePointBefore(end));
                }
                parts.add(0, s.substring(end, stop));
            }
            return new PyList(parts);
        }
        requireSeparator(sep);
        int end = s.length();
        while (parts.size() < maxSplit) {
            int at = s.lastIndexOf(sep, end - sep.length());
            if (at < 0) {
                break;
            }
            parts.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        parts.add(0, s.substring(0, end));
        return new PyList(parts);
    }

    private static void requireSeparator(String sep) {
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("empty separator");
        }
    }

    /** Python's {@code str.title()}: a cased character after an uncased one is title-cased, the others lower-cased. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean previousCased = false;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            out.appendCodePoint(previousCased ? Character.toLowerCase(c) : Character.toTitleCase(c));
            previousCased = Character.isUpperCase(c) || Character.isLowerCase(c) || Character.isTitleCase(c);
            i += Character.charCount(c);
        }
        return out.toString();
    }

    private static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int rest = Character.charCount(first);
        return new StringBuilder(s.length())
                .appendCodePoint(Character.toTitleCase(first))
                .append(s.substring(rest).toLowerCase(Locale.ROOT))
                .toString();
    }

    private static String replace(String s, String old, String replacement, int count) {
        if (count < 0) {
            return s.replace(old, replacement);
        }
        StringBuilder out = new StringBuilder(s.length());
        int start = 0;
        int done = 0;
        while (done < count) {
            int at;
            if (old.isEmpty()) {
                if (start > s.length()) {
                    break;
                }
                at = start;
            } else {
                at = s.indexOf(old, start);
                if (at < 0) {
                    break;
                }
            }
            out.append(s, start, at).append(replacement);
            if (old.isEmpty()) {
                if (at < s.length()) {
                    out.append(s.charAt(at));
                }
                start = at + 1;
            } else {
                start = at + old.length();
            }
            done++;
        }
        if (start <= s.length()) {
            out.append(s, start, s.length());
        }
        return out.toString();
    }

    private static String join(String separator, Object items) {
        if (!(items instanceof Iterable)) {
            throw new IllegalArgumentException("join() needs a list of strings");
        }
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object item : (Iterable<?>) items) {
            if (!first) {
                out.append(separator);
            }
            out.append(str(item));
            first = false;
        }
        return out.toString();
    }

    private static String str(Object value) {
        return String.valueOf(value);
    }

    private static int toInt(Object value) {
        if (value instanceof Number) {
            return ((Number) value).intValue();
        }
        throw new IllegalArgumentException("expected an integer, got " + value);
    }

    /**
     * {@code s[i]}: one character, counted from the end when negative; undefined when out of range. Jinjava resolves
     * no index on strings. Other property reads and all writes fall through to Jinjava's resolvers.
     */
    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        if (!(base instanceof String)) {
            return null;
        }
        Integer index = index(property);
        if (index == null) {
            return null;
        }
        String s = (String) base;
        int count = s.codePointCount(0, s.length());
        int i = index < 0 ? index + count : index;
        context.setPropertyResolved(true);
        if (i < 0 || i >= count) {
            return null;
        }
        int at = s.offsetByCodePoints(0, i);
        return s.substring(at, s.offsetByCodePoints(at, 1));
    }

    private static Integer index(Object property) {
        if (property instanceof Integer || property instanceof Long) {
            return ((Number) property).intValue();
        }
        if (property instanceof String) {
            String p = (String) property;
            int start = p.startsWith("-") ? 1 : 0;
            if (p.length() <= start || p.length() - start > 9) {
                return null;
            }
            for (int i = start; i < p.length(); i++) {
                if (p.charAt(i) < '0' || p.charAt(i) > '9') {
                    return null;
                }
            }
            return Integer.valueOf(p);
        }
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return false;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
