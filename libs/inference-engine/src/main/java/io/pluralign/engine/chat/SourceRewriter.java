package io.pluralign.engine.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Jinja2 template, as {@code transformers} compiles it, into a Jinjava template with the same meaning. Two
 * parts: the whitespace Jinja2 removes around tags is removed here, and expressions Jinjava reads differently are
 * rewritten.
 *
 * <p>Whitespace, exactly as Jinja2's lexer does it with {@code trim_blocks} and {@code lstrip_blocks} on: {@code -}
 * markers ({@code {%-}, {@code -%}}, {@code {{-}, {@code -}}}, {@code {#-}, {@code -#}}) remove all whitespace on
 * their side; otherwise the first newline after a block tag or comment goes ({@code trim_blocks}), and spaces and tabs
 * from the start of a line up to a block tag or comment go ({@code lstrip_blocks}); {@code +} markers keep them.
 * Comments are dropped. The Jinjava template that comes out has no markers and Jinjava's own trimming stays off:
 * Jinjava strips the whitespace before a block tag even in the middle of a line, and does not know {@code -} on raw
 * blocks.
 *
 * <p>Expressions (the inside of {@code {{ }}} and {@code {% %}}), each rewrite keeping Jinja2's meaning:
 *
 * <ul>
 *   <li>Prefix {@code not} binds looser than comparisons in Jinja2 ({@code not a == b} is {@code not (a == b)}) but
 *       tighter in Jinjava: its operand, up to the next {@code and}, {@code or}, {@code if}, {@code else} or
 *       enclosing bracket, is put in parentheses.
 *   <li>A keyword argument's value is parsed by Jinjava as only its first term ({@code namespace(n=messages|length -
 *       1)} subtracts 1 from the argument itself): values of more than one token are put in parentheses.
 *   <li>Reverse slicing {@code x[::-1]}, which Jinjava cannot parse, becomes {@code (x|__reversed)}: a reversed list,
 *       or a reversed string for a string.
 *   <li>A loop filter {@code for x in xs if cond}, whose condition Jinjava silently ignores, becomes {@code for x in
 *       (xs)|__loop_if("x", "cond")}, which keeps the items for which the condition holds, so that {@code loop.index},
 *       {@code loop.last} and the rest count only those, as in Jinja2.
 *   <li>String literals with escapes Jinjava does not know (<code>\x41</code>, <code>&#92;u00e9</code>, <code>\0</code>, <code>\z</code>...)
 *       are decoded as Python decodes them and written back with only the escapes Jinjava knows.
 *   <li>{@code }}} closing nested dict literals inside {@code {{ }}} gets a space ({@code } }}) so that Jinjava does not
 *       take it for the end of the tag; Jinja2 balances brackets there.
 * </ul>
 *
 * <p>The names of the filters and tests the template uses are collected, so that unknown ones fail at load as in
 * Jinja2 (Jinjava would render them as nothing). {@code {% raw %}} bodies, string contents and the arguments of
 * {@code macro} and {@code call} tags are left as they are.
 */
final class SourceRewriter {
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "not",
            "in",
            "is",
            "if",
            "elif",
            "else",
            "for",
            "set",
            "with",
            "import",
            "from",
            "as",
            "include",
            "extends",
            "block",
            "filter",
            "do",
            "recursive");
    private static final Set<String> OPERAND_ENDS = Set.of("and", "or", "if", "else");
    private static final Set<String> UNTOUCHED_TAGS = Set.of("macro", "call");
    /** The filter {@code x[::-1]} becomes; the engine registers it under this name. */
    static final String REVERSED_FILTER = "__reversed";
    /** The filter {@code for x in xs if cond} becomes; the engine registers it under this name. */
    static final String LOOP_FILTER = "__loop_if";

    private static final Pattern END_RAW = Pattern.compile("\\{%([-+]?)\\s*endraw\\s*([-+]?)%\\}");

    /**
     * The rewritten template and what it uses.
     *
     * @param source the Jinjava template
     * @param filters the names after {@code |}
     * @param tests the names after {@code is} and {@code is not}
     */
    record Result(String source, Set<String> filters, Set<String> tests) {}

    private SourceRewriter() {}

    static Result rewrite(String source) {
        return new Lexer(source).run();
    }

    /** One pass over the template, tag by tag, as Jinja2's lexer goes. */
    private static final class Lexer {
        private final String source;
        private final StringBuilder out;
        private final Set<String> filters = new LinkedHashSet<>();
        private final Set<String> tests = new LinkedHashSet<>();
        /** Jinja2's {@code line_starting}: the previous tag ended by consuming a newline (or nothing came yet). */
        private boolean lineStarting = true;

        Lexer(String source) {
            this.source = source;
            this.out = new StringBuilder(source.length() + 16);
        }

        Result run() {
            int n = source.length();
            int i = 0;
            while (i < n) {
                int open = nextTag(i);
                if (open < 0) {
                    out.append(source, i, n);
                    break;
                }
                char kind = source.charAt(open + 1);
                int bodyStart = open + 2;
                char startMarker = bodyStart < n ? source.charAt(bodyStart) : 0;
                if (startMarker == '-' || startMarker == '+') {
                    bodyStart++;
                } else {
                    startMarker = 0;
                }
                int close = kind == '#'
                        ? source.indexOf("#}", bodyStart)
                        : tagEnd(source, bodyStart, kind == '{' ? '}' : '%');
                if (close < 0) {
                    out.append(source, i, n); // unclosed: Jinjava reports it
                    break;
                }
                char endMarker = close - 1 >= bodyStart ? source.charAt(close - 1) : 0;
                int bodyEnd = close;
                if (endMarker == '-' || endMarker == '+') {
                    bodyEnd--;
                } else {
                    endMarker = 0;
                }
                boolean block = kind != '{';
                out.append(before(source.substring(i, open), startMarker, block));
                String body = source.substring(bodyStart, bodyEnd);
                int after = close + 2;
                if (kind == '%' && body.strip().equals("raw")) {
                    Matcher end = END_RAW.matcher(source);
                    if (!end.find(after)) {
                        out.append(source, open, n); // unclosed: Jinjava reports it
                        break;
                    }
                    out.append("{% raw %}")
                            .append(rawBody(after, end, endMarker))
                            .append("{% endraw %}");
                    after = end.end();
                    endMarker = end.group(2).isEmpty() ? 0 : end.group(2).charAt(0);
                } else if (kind != '#') {
                    String closing = kind == '{' ? "}}" : "%}";
                    out.append('{')
                            .append(kind)
                            .append(rewriteTag(body, kind == '%'))
                            .append(closing);
                }
                i = after(after, endMarker, block);
            }
            return new Result(out.toString(), filters, tests);
        }

        /** Index of the next {@code {{}, {@code {%} or {@code {#} from {@code from}, or -1. */
        private int nextTag(int from) {
            int i = source.indexOf('{', from);
            while (i >= 0 && i + 1 < source.length()) {
                char next = source.charAt(i + 1);
                if (next == '{' || next == '%' || next == '#') {
                    return i;
                }
                i = source.indexOf('{', i + 1);
            }
            return -1;
        }

        /** The text before a tag, with what its start marker, or lstrip_blocks for a block tag, removes. */
        private String before(String text, char startMarker, boolean block) {
            if (startMarker == '-') {
                return stripEnd(text);
            }
            if (startMarker == '+' || !block) {
                return text;
            }
            int lineStart = text.lastIndexOf('\n') + 1;
            if (lineStart > 0 || lineStarting) {
                String tail = text.substring(lineStart);
                if (!tail.isEmpty() && stripEnd(tail).isEmpty()) {
                    return text.substring(0, lineStart);
                }
            }
            return text;
        }

        /**
         * Skips what a tag's end marker, or trim_blocks for a block tag, removes after it; returns where the text
         * goes on.
         */
        private int after(int from, char endMarker, boolean block) {
            int i = from;
            if (endMarker == '-') {
                while (i < source.length() && PythonStringMethods.isPythonSpace(source.charAt(i))) {
                    i++;
                }
                lineStarting = i > from && source.charAt(i - 1) == '\n';
            } else if (endMarker != '+' && block && i < source.length() && source.charAt(i) == '\n') {
                i++;
                lineStarting = true;
            } else {
                lineStarting = false;
            }
            return i;
        }

        /** The body of a raw block with the whitespace its tags' markers and lstrip_blocks remove. */
        private String rawBody(int from, Matcher end, char beginEndMarker) {
            int start = from;
            boolean bodyLineStarting = false;
            if (beginEndMarker == '-') {
                while (start < end.start() && PythonStringMethods.isPythonSpace(source.charAt(start))) {
                    start++;
                }
                bodyLineStarting = start > from && source.charAt(start - 1) == '\n';
            }
            String body = source.substring(start, end.start());
            char endStartMarker = end.group(1).isEmpty() ? 0 : end.group(1).charAt(0);
            boolean saved = lineStarting;
            lineStarting = bodyLineStarting;
            String result = before(body, endStartMarker, true);
            lineStarting = saved;
            return result;
        }

        private String rewriteTag(String body, boolean statement) {
            List<Token> tokens = tokenize(body);
            collectNames(tokens);
            if (statement) {
                Token first = firstSignificant(tokens);
                if (first != null && UNTOUCHED_TAGS.contains(first.text)) {
                    return body;
                }
            }
            return new Rewrite(tokens).apply();
        }

        private void collectNames(List<Token> tokens) {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.is("|") || t.isName("is")) {
                    int next = nextSignificant(tokens, i + 1);
                    if (next >= 0 && t.isName("is") && tokens.get(next).isName("not")) {
                        next = nextSignificant(tokens, next + 1);
                    }
                    if (next >= 0 && tokens.get(next).type == Type.NAME) {
                        (t.is("|") ? filters : tests).add(tokens.get(next).text);
                    }
                }
            }
        }
    }

    private static int nextSignificant(List<Token> tokens, int from) {
        for (int k = from; k < tokens.size(); k++) {
            if (tokens.get(k).type != Type.SPACE) {
                return k;
            }
        }
        return -1;
    }

    /** Python's {@code str.rstrip()}. */
    private static String stripEnd(String text) {
        int end = text.length();
        while (end > 0 && PythonStringMethods.isPythonSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * Index of the closing {@code }}} or {@code %}} of a tag: outside string literals and brackets, as Jinja2's lexer
     * balances them.
     */
    private static int tagEnd(String s, int from, char close) {
        int depth = 0;
        int i = from;
        while (i < s.length() - 1) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(s, i);
                continue;
            }
            if (depth == 0 && c == close && s.charAt(i + 1) == '}') {
                return i;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            i++;
        }
        return -1;
    }

    /** Index just past the string literal starting at {@code start}, or the end of the text if it is not closed. */
    private static int stringEnd(String s, int start) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static Token firstSignificant(List<Token> tokens) {
        for (Token t : tokens) {
            if (t.type != Type.SPACE) {
                return t;
            }
        }
        return null;
    }

    /**
     * A string literal as Jinjava can read it: unchanged if it uses only the escapes Jinjava knows ({@code \n},
     * {@code \t}, {@code \r}, {@code \b}, {@code \f}, {@code \\} and the quotes); otherwise decoded as
     * Python decodes it and written back with those escapes only.
     */
    static String reencodeString(String literal) {
        if (literal.length() < 2 || literal.charAt(literal.length() - 1) != literal.charAt(0)) {
            return literal;
        }
        char quote = literal.charAt(0);
        String body = literal.substring(1, literal.length() - 1);
        if (!hasForeignEscape(body)) {
            return literal;
        }
        String decoded = decodePython(body);
        if (decoded == null) {
            return literal;
        }
        StringBuilder out = new StringBuilder(decoded.length() + 2).append(quote);
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '\\' || c == quote) {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\b') {
                out.append("\\b");
            } else if (c == '\f') {
                out.append("\\f");
            } else {
                out.append(c);
            }
        }
        return out.append(quote).toString();
    }

    private static boolean hasForeignEscape(String body) {
        for (int i = 0; i < body.length() - 1; i++) {
            if (body.charAt(i) == '\\') {
                if ("ntrbf\\'\"".indexOf(body.charAt(i + 1)) < 0) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** Python's decoding of a string literal's escapes; null if one is malformed (Jinja2 rejects those too). */
    private static String decodePython(String body) {
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n':
                    break;
                case '\\':
                case '\'':
                case '"':
                    out.append(e);
                    break;
                case 'a':
                    out.append('\u0007');
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'v':
                    out.append('\u000b');
                    break;
                case 'x':
                case 'u':
                case 'U': {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > body.length()) {
                        return null;
                    }
                    try {
                        out.appendCodePoint(Integer.parseInt(body.substring(i, i + digits), 16));
                    } catch (IllegalArgumentException bad) {
                        return null;
                    }
                    i += digits;
                    break;
                }
                case 'N': {
                    int end = body.indexOf('}', i);
                    if (i >= body.length() || body.charAt(i) != '{' || end < 0) {
                        return null;
                    }
                    try {
                        out.appendCodePoint(Character.codePointOf(body.substring(i + 1, end)));
                    } catch (IllegalArgumentException bad) {
                        return null;
                    }
                    i = end + 1;
                    break;
                }
                default:
                    if (e >= '0' && e <= '7') {
                        int end = i - 1;
                        while (end < body.length()
                                && end < i + 2
                                && body.charAt(end) >= '0'
                                && body.charAt(end) <= '7') {
                            end++;
                        }
                        out.append((char) Integer.parseInt(body.substring(i - 1, end), 8));
                        i = end;
                    } else {
                        out.append('\\').append(e);
                    }
            }
        }
        return out.toString();
    }

    enum Type {
        SPACE,
        STRING,
        NAME,
        NUMBER,
        OP
    }

    static final class Token {
        final Type type;
        final String text;

        Token(Type type, String text) {
            this.type = type;
            this.text = text;
        }

        boolean is(String op) {
            return type == Type.OP && text.equals(op);
        }

        boolean isName(String name) {
            return type == Type.NAME && text.equals(name);
        }

        /** Whether the token can end an operand, so that a {@code not} after it is infix ({@code a not in b}). */
        boolean endsOperand() {
            switch (type) {
                case STRING:
                case NUMBER:
                    return true;
                case NAME:
                    return !KEYWORDS.contains(text);
                case OP:
                    return text.equals(")") || text.equals("]") || text.equals("}");
                default:
                    return false;
            }
        }
    }

    static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Type.SPACE, s.substring(start, i)));
            } else if (c == '\'' || c == '"') {
                i = stringEnd(s, i);
                tokens.add(new Token(Type.STRING, s.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Type.NAME, s.substring(start, i)));
            } else if (Character.isDigit(c)) {
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Type.NUMBER, s.substring(start, i)));
            } else {
                String two = i + 1 < n ? s.substring(i, i + 2) : "";
                if (two.equals("**")
                        || two.equals("//")
                        || two.equals("==")
                        || two.equals("!=")
                        || two.equals("<=")
                        || two.equals(">=")) {
                    i += 2;
                } else {
                    i++;
                }
                tokens.add(new Token(Type.OP, s.substring(start, i)));
            }
        }
        return tokens;
    }

    /** Rewrites over one tag's tokens, as text to insert around tokens and replacements of tokens. */
    private static final class Rewrite {
        private final List<Token> tokens;
        private final String[] replacement;
        private final StringBuilder[] opens;
        private final StringBuilder[] closes;

        Rewrite(List<Token> tokens) {
            this.tokens = tokens;
            this.replacement = new String[tokens.size()];
            this.opens = new StringBuilder[tokens.size() + 1];
            this.closes = new StringBuilder[tokens.size() + 1];
        }

        String apply() {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.type == Type.STRING) {
                    replacement[i] = reencodeString(t.text);
                } else if (t.is("[")) {
                    reverseSlice(i);
                } else if (t.isName("not")) {
                    prefixNot(i);
                } else if (t.is("(") && isCall(i)) {
                    keywordArguments(i);
                }
            }
            String[] pieces = new String[tokens.size() + 1];
            for (int i = 0; i <= tokens.size(); i++) {
                StringBuilder piece = new StringBuilder();
                if (closes[i] != null) {
                    piece.append(closes[i]);
                }
                if (opens[i] != null) {
                    piece.append(opens[i]);
                }
                if (i < tokens.size()) {
                    Token t = tokens.get(i);
                    piece.append(replacement[i] != null ? replacement[i] : t.text);
                    if (t.is("}") && i + 1 < tokens.size() && tokens.get(i + 1).is("}")) {
                        piece.append(' ');
                    }
                }
                pieces[i] = piece.toString();
            }
            int[] loopFilter = loopFilter();
            if (loopFilter == null) {
                return join(pieces, 0, pieces.length);
            }
            int in = loopFilter[0];
            int condition = loopFilter[1];
            int end = loopFilter[2];
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < in; i++) {
                if (isOperandName(tokens.get(i))) {
                    names.append(names.length() == 0 ? "" : ",").append(tokens.get(i).text);
                }
            }
            String conditionText = join(pieces, condition + 1, end);
            String trailing =
                    conditionText.substring(conditionText.stripTrailing().length());
            return join(pieces, 0, in + 1)
                    + " ("
                    + join(pieces, in + 1, condition).strip()
                    + ")|" + LOOP_FILTER + "(\""
                    + names
                    + "\", \""
                    + conditionText.strip().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\")"
                    + (trailing.isEmpty() && end < tokens.size() ? " " : trailing)
                    + join(pieces, end, pieces.length);
        }

        /**
         * For {@code for x in xs if cond [recursive]}, whose condition Jinjava ignores: the indices of {@code in}, of
         * {@code if} and of the end of the condition; null for any other tag.
         */
        private int[] loopFilter() {
            int first = nextSignificant(0);
            if (first < 0 || !tokens.get(first).isName("for")) {
                return null;
            }
            int in = -1;
            int depth = 0;
            for (int j = first + 1; j < tokens.size(); j++) {
                Token t = tokens.get(j);
                if (t.is("(") || t.is("[") || t.is("{")) {
                    depth++;
                } else if (t.is(")") || t.is("]") || t.is("}")) {
                    depth--;
                } else if (depth == 0 && in < 0 && t.isName("in")) {
                    in = j;
                } else if (depth == 0 && in >= 0 && t.isName("if")) {
                    int end = tokens.size();
                    int last = previousSignificant(tokens.size() - 1);
                    if (last > j && tokens.get(last).isName("recursive")) {
                        end = last;
                    }
                    return new int[] {in, j, end};
                }
            }
            return null;
        }

        private static String join(String[] pieces, int from, int to) {
            StringBuilder out = new StringBuilder();
            for (int i = from; i < to; i++) {
                out.append(pieces[i]);
            }
            return out.toString();
        }

        private void open(int boundary) {
            if (opens[boundary] == null) {
                opens[boundary] = new StringBuilder();
            }
            opens[boundary].append('(');
        }

        private void close(int boundary) {
            if (closes[boundary] == null) {
                closes[boundary] = new StringBuilder();
            }
            closes[boundary].append(')');
        }

        /** {@code x[::-1]} to {@code (x|__reversed)}. */
        private void reverseSlice(int bracket) {
            int[] at = new int[5];
            int j = bracket;
            String[] expected = {":", ":", "-", "1", "]"};
            for (int k = 0; k < expected.length; k++) {
                j = nextSignificant(j + 1);
                if (j < 0 || !tokens.get(j).text.equals(expected[k])) {
                    return;
                }
                at[k] = j;
            }
            int start = primaryStart(bracket);
            if (start < 0) {
                return;
            }
            open(start);
            for (int k = bracket; k <= at[4]; k++) {
                replacement[k] = "";
            }
            replacement[bracket] = "|" + REVERSED_FILTER + ")";
        }

        /** Start of the primary expression with its postfixes ({@code a.b(c)[0]}) that ends just before {@code end}. */
        private int primaryStart(int end) {
            int start = -1;
            int k = previousSignificant(end - 1);
            while (k >= 0) {
                Token t = tokens.get(k);
                if (t.is(")") || t.is("]")) {
                    start = matchingOpen(k);
                    if (start < 0) {
                        return -1;
                    }
                    k = previousSignificant(start - 1);
                    boolean callOrIndex =
                            k >= 0 && (tokens.get(k).is(")") || tokens.get(k).is("]") || isOperandName(tokens.get(k)));
                    if (!callOrIndex) {
                        return start;
                    }
                } else if (isOperandName(t) || t.type == Type.STRING || t.type == Type.NUMBER) {
                    start = k;
                    int before = previousSignificant(k - 1);
                    if (before < 0 || !tokens.get(before).is(".")) {
                        return start;
                    }
                    k = previousSignificant(before - 1);
                } else {
                    return start;
                }
            }
            return start;
        }

        private static boolean isOperandName(Token t) {
            return t.type == Type.NAME && !KEYWORDS.contains(t.text);
        }

        /** {@code not a == b} to {@code not (a == b)}: Jinja2's precedence. */
        private void prefixNot(int not) {
            int before = previousSignificant(not - 1);
            if (before >= 0
                    && (tokens.get(before).endsOperand() || tokens.get(before).isName("is"))) {
                return; // infix: "a not in b", "x is not none"
            }
            int first = nextSignificant(not + 1);
            if (first < 0) {
                return;
            }
            int depth = 0;
            int last = -1;
            for (int j = first; j < tokens.size(); j++) {
                Token t = tokens.get(j);
                if (t.is("(") || t.is("[") || t.is("{")) {
                    depth++;
                } else if (t.is(")") || t.is("]") || t.is("}")) {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (depth == 0
                        && (t.is(",") || t.is(":") || t.type == Type.NAME && OPERAND_ENDS.contains(t.text))) {
                    break;
                }
                if (t.type != Type.SPACE) {
                    last = j;
                }
            }
            if (last < 0) {
                return;
            }
            open(first);
            close(last + 1);
        }

        /** Whether the {@code (} at {@code paren} opens a call's arguments rather than a group or a tuple. */
        private boolean isCall(int paren) {
            int before = previousSignificant(paren - 1);
            if (before < 0) {
                return false;
            }
            Token t = tokens.get(before);
            return t.type == Type.NAME && !KEYWORDS.contains(t.text) || t.is(")") || t.is("]");
        }

        /** {@code f(n=a - 1)} to {@code f(n=(a - 1))}. */
        private void keywordArguments(int paren) {
            int argumentStart = paren + 1;
            int depth = 0;
            for (int j = paren + 1; j < tokens.size(); j++) {
                Token t = tokens.get(j);
                if (t.is("(") || t.is("[") || t.is("{")) {
                    depth++;
                } else if (t.is(")") || t.is("]") || t.is("}")) {
                    if (depth == 0) {
                        keywordArgument(argumentStart, j);
                        return;
                    }
                    depth--;
                } else if (depth == 0 && t.is(",")) {
                    keywordArgument(argumentStart, j);
                    argumentStart = j + 1;
                }
            }
        }

        private void keywordArgument(int start, int end) {
            int name = nextSignificant(start);
            if (name < 0 || name >= end || tokens.get(name).type != Type.NAME) {
                return;
            }
            int equals = nextSignificant(name + 1);
            if (equals < 0 || equals >= end || !tokens.get(equals).is("=")) {
                return;
            }
            int first = nextSignificant(equals + 1);
            int last = previousSignificant(end - 1);
            if (first < 0 || last <= first || first >= end) {
                return;
            }
            open(first);
            close(last + 1);
        }

        private int matchingOpen(int closeIndex) {
            int depth = 0;
            for (int k = closeIndex; k >= 0; k--) {
                Token t = tokens.get(k);
                if (t.is(")") || t.is("]") || t.is("}")) {
                    depth++;
                } else if (t.is("(") || t.is("[") || t.is("{")) {
                    depth--;
                    if (depth == 0) {
                        return k;
                    }
                }
            }
            return -1;
        }

        private int nextSignificant(int from) {
            for (int k = from; k < tokens.size(); k++) {
                if (tokens.get(k).type != Type.SPACE) {
                    return k;
                }
            }
            return -1;
        }

        private int previousSignificant(int from) {
            for (int k = from; k >= 0; k--) {
                if (tokens.get(k).type != Type.SPACE) {
                    return k;
                }
            }
            return -1;
        }
    }
}
