package io.pluralign.engine.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.tag.Tag;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.lang.reflect.Method;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import jinjava.de.odysseus.el.tree.TreeBuilderException;
import jinjava.javax.el.CompositeELResolver;

/**
 * Jinjava set up to render Hugging Face chat templates as {@code transformers} renders them with Jinja2.
 *
 * <p>What {@code transformers} sets up, and how it is matched here:
 *
 * <ul>
 *   <li>{@code trim_blocks}, {@code lstrip_blocks} and the {@code -}/{@code +} whitespace markers: applied to the source
 *       by {@link SourceRewriter} as Jinja2's lexer applies them; Jinjava's own trimming is off (it differs).
 *   <li>{@code raise_exception(msg)} and {@code strftime_now(format)}: functions; the first makes the render fail with
 *       a {@link ChatTemplateException} carrying the template's message.
 *   <li>{@code tojson}: replaced by {@link PythonJson}, which writes what Python's {@code json.dumps} writes
 *       (Jinjava's writes no spaces after separators and knows no {@code indent}, {@code separators}, {@code
 *       sort_keys}).
 *   <li>{@code loopcontrols} ({@code break}, {@code continue}): built into Jinjava.
 *   <li>{@code {% generation %}...{% endgeneration %}} (marks assistant text for training masks): renders its body.
 * </ul>
 *
 * <p>Python-isms Jinjava lacks or reads differently, and how they are supplied: Python {@code str} methods ({@link
 * PythonStringMethods}, an EL resolver ahead of Jinjava's own, which also indexes strings); the {@code items} filter
 * (Jinja2 3.1); the {@code iterable} and {@code sequence} tests, which Jinjava answers no for strings and dicts;
 * iterating a dict yields its keys (a Jinjava option); {@code not} precedence, keyword arguments,
 * {@code x[::-1]}, {@code for ... if ...}, Python string escapes and nested dict braces ({@link SourceRewriter}).
 * Dict methods ({@code get}, {@code items}, {@code keys}, {@code values}), {@code loop.*}, slices such as {@code
 * messages[1:]}, negative indices, {@code namespace()} with {@code set ns.x = ...}, {@code is defined/none/string},
 * {@code in} and the usual filters work in Jinjava as they are.
 *
 * <p>Also as in Jinja2: one trailing newline of the source is dropped ({@code keep_trailing_newline=False}), {@code
 * \r\n} and {@code \r} read as {@code \n}, and a filter or test the engine does not know fails at load (Jinjava would
 * render it as nothing). Unlike Jinjava's default, nested interpretation is off: text a message carries, such as
 * {@code {{ 7 * 7 }}}, is printed, never run.
 *
 * <p>One instance serves every template and thread; a parsed template ({@link Node}) is rendered by a fresh
 * interpreter each time.
 */
final class JinjaEngine {
    static final JinjaEngine INSTANCE = new JinjaEngine();

    private static final int MAX_ERRORS_SHOWN = 3;

    private final JinjavaConfig config;
    private final Jinjava jinjava;
    private final Queue<Context> baseContexts = new ConcurrentLinkedQueue<>();

    private JinjaEngine() {
        CompositeELResolver resolvers = new CompositeELResolver();
        resolvers.add(new PythonStringMethods());
        resolvers.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        config = JinjavaConfig.newBuilder()
                .withTrimBlocks(false)
                .withLstripBlocks(false)
                .withNestedInterpretationEnabled(false)
                .withElResolver(resolvers)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withIterateOverMapKeys(true)
                        .build())
                .build();
        jinjava = new Jinjava(config);
        jinjava.registerFunction(function("raise_exception", "raiseException"));
        jinjava.registerFunction(function("strftime_now", "strftimeNow"));
        jinjava.registerFilter(new ToJsonFilter());
        jinjava.registerFilter(new ItemsFilter());
        jinjava.registerFilter(new ReversedFilter());
        jinjava.registerFilter(new LoopIfFilter());
        jinjava.registerTag(new GenerationTag());
        jinjava.registerExpTest(new PythonTypeTest("iterable", false));
        jinjava.registerExpTest(new PythonTypeTest("sequence", true));
    }

    /**
     * Parses a template once, failing on what Jinjava reports while parsing (unclosed or unknown tags) and on any
     * expression that does not parse, in taken and untaken branches alike.
     */
    Node parse(String source, String origin) {
        SourceRewriter.Result prepared = prepare(source);
        JinjavaInterpreter interpreter = newInterpreter(jinjava.getGlobalContextCopy(), Map.of());
        Node root;
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            root = interpreter.parse(prepared.source());
        } catch (RuntimeException e) {
            throw new ChatTemplateException(origin + ": cannot parse the chat template: " + e.getMessage(), e);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
        if (!interpreter.getErrorsCopy().isEmpty()) {
            throw new ChatTemplateException(
                    origin + ": cannot parse the chat template: " + describe(interpreter.getErrorsCopy()));
        }
        checkNames(prepared, interpreter.getContext(), origin);
        checkExpressions(root, origin);
        return root;
    }

    /** Jinja2 refuses to compile a template that uses a filter or test it does not know; Jinjava prints nothing. */
    private static void checkNames(SourceRewriter.Result prepared, Context context, String origin) {
        List<String> unknown = new ArrayList<>();
        for (String filter : prepared.filters()) {
            if (context.getFilter(filter) == null) {
                unknown.add("filter '" + filter + "'");
            }
        }
        for (String test : prepared.tests()) {
            if (context.getExpTest(test) == null) {
                unknown.add("test '" + test + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ChatTemplateException(
                    origin + ": cannot parse the chat template: no " + String.join(", no ", unknown));
        }
    }

    /**
     * Renders the whole tree in Jinjava's validation mode, which evaluates both sides of every {@code if} and the
     * body of every loop once, and keeps only expression syntax errors: anything else may be a legitimate outcome of
     * the sample conversation.
     */
    private void checkExpressions(Node root, String origin) {
        Map<String, Object> sample = Map.of(
                "messages",
                List.of(
                        Map.of("role", "system", "content", "s"),
                        Map.of("role", "user", "content", "u"),
                        Map.of("role", "assistant", "content", "a"),
                        Map.of("role", "user", "content", "u")),
                "add_generation_prompt",
                true);
        Outcome outcome = run(root, sample, true);
        if (outcome.failure != null && causedBy(outcome.failure, TreeBuilderException.class) != null) {
            throw new ChatTemplateException(
                    origin + ": cannot parse the chat template: " + outcome.failure.getMessage(), outcome.failure);
        }
        List<TemplateError> syntaxErrors = new ArrayList<>();
        for (TemplateError error : outcome.errors) {
            if (causedBy(error.getException(), TreeBuilderException.class) != null) {
                syntaxErrors.add(error);
            }
        }
        if (!syntaxErrors.isEmpty()) {
            throw new ChatTemplateException(origin + ": cannot parse the chat template: " + describe(syntaxErrors));
        }
    }

    /** Renders a parsed template; fails on any fatal Jinjava error, or when the template raised an exception. */
    String render(Node root, Map<String, Object> bindings, String origin) {
        Outcome outcome = run(root, bindings, false);
        if (outcome.failure != null) {
            throw renderFailure(origin, outcome.failure.getMessage(), outcome.failure);
        }
        List<TemplateError> fatal = new ArrayList<>();
        for (TemplateError error : outcome.errors) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                fatal.add(error);
            }
        }
        if (!fatal.isEmpty()) {
            for (TemplateError error : fatal) {
                TemplateRaised raised = causedBy(error.getException(), TemplateRaised.class);
                if (raised != null) {
                    throw renderFailure(origin, null, raised);
                }
            }
            throw new ChatTemplateException(origin + ": cannot render the chat template: " + describe(fatal));
        }
        return outcome.output;
    }

    /** What one render gave: the output, the exception that stopped it if any, and the errors Jinjava recorded. */
    private static final class Outcome {
        final String output;
        final RuntimeException failure;
        final List<TemplateError> errors;

        Outcome(String output, RuntimeException failure, List<TemplateError> errors) {
            this.output = output;
            this.failure = failure;
            this.errors = errors;
        }
    }

    /**
     * Renders with a fresh interpreter whose context sits on a pooled copy of the global context (filters, functions,
     * tags). Jinjava's own {@code render} copies the global context every time, which registers every built-in
     * filter, tag and test again and costs more than rendering a chat; sharing one copy between threads is not safe
     * either, as each render records what it resolved in the parent contexts. So copies are pooled, one per render
     * in flight, and cleared ({@link Context#reset()}) after each use.
     */
    private Outcome run(Node root, Map<String, ?> bindings, boolean validationMode) {
        Context base = baseContexts.poll();
        if (base == null) {
            base = jinjava.getGlobalContextCopy();
        }
        try {
            JinjavaInterpreter interpreter = newInterpreter(base, bindings);
            if (validationMode) {
                interpreter.getContext().setValidationMode(true);
            }
            String output = null;
            RuntimeException failure = null;
            JinjavaInterpreter.pushCurrent(interpreter);
            try {
                output = interpreter.render(root, true);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                JinjavaInterpreter.popCurrent();
            }
            return new Outcome(output, failure, interpreter.getErrorsCopy());
        } finally {
            base.reset();
            baseContexts.offer(base);
        }
    }

    private JinjavaInterpreter newInterpreter(Context parent, Map<String, ?> bindings) {
        Context context = new Context(parent, bindings, config.getDisabled());
        return config.getInterpreterFactory().newInstance(jinjava, context, config);
    }

    private static ChatTemplateException renderFailure(String origin, String message, Throwable e) {
        TemplateRaised raised = causedBy(e, TemplateRaised.class);
        if (raised != null) {
            return new ChatTemplateException(
                    origin + ": the chat template refused the conversation: " + raised.getMessage(),
                    raised.getMessage(),
                    raised);
        }
        return new ChatTemplateException(origin + ": cannot render the chat template: " + message, e);
    }

    /**
     * The source as Jinja2 would lex it: newlines normalised, one trailing newline dropped, whitespace control applied
     * and expressions rewritten where Jinjava would read them differently ({@link SourceRewriter}).
     */
    static SourceRewriter.Result prepare(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        if (s.endsWith("\n")) {
            s = s.substring(0, s.length() - 1);
        }
        return SourceRewriter.rewrite(s);
    }

    private static String describe(List<TemplateError> errors) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(errors.size(), MAX_ERRORS_SHOWN);
        for (int i = 0; i < shown; i++) {
            TemplateError error = errors.get(i);
            if (i > 0) {
                out.append("; ");
            }
            if (error.getLineno() > 0) {
                out.append("line ").append(error.getLineno()).append(": ");
            }
            out.append(error.getMessage());
        }
        if (errors.size() > shown) {
            out.append("; and ").append(errors.size() - shown).append(" more");
        }
        return out.toString();
    }

    private static <T extends Throwable> T causedBy(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static ELFunctionDefinition function(String name, String method) {
        try {
            Method m = JinjaEngine.class.getDeclaredMethod(method, String.class);
            m.setAccessible(true);
            return new ELFunctionDefinition("", name, m);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The template's {@code raise_exception(msg)}. */
    private static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    /** The template's {@code strftime_now(format)}: the local time now, formatted with Python's strftime codes. */
    private static String strftimeNow(String format) {
        return StrftimeFormatter.format(ZonedDateTime.now(), format, Locale.US);
    }

    /** Thrown by the template's {@code raise_exception}; Jinjava records it as an error and goes on. */
    static final class TemplateRaised extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TemplateRaised(String message) {
            super(message, null, false, false);
        }
    }

    /** {@code tojson} with {@code transformers}' signature: (ensure_ascii, indent, separators, sort_keys). */
    static final class ToJsonFilter implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return filter(var, interpreter, args, Map.of());
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object separators = argument(args, kwargs, 2, "separators");
            if (separators != null && !(separators instanceof List)) {
                throw new IllegalArgumentException("tojson: separators must be a pair of strings");
            }
            return new PythonJson(
                            truthy(argument(args, kwargs, 0, "ensure_ascii")),
                            argument(args, kwargs, 1, "indent"),
                            (List<?>) separators,
                            truthy(argument(args, kwargs, 3, "sort_keys")))
                    .dumps(var);
        }

        private static Object argument(Object[] args, Map<String, Object> kwargs, int position, String name) {
            if (kwargs.containsKey(name)) {
                return kwargs.get(name);
            }
            return args != null && args.length > position ? args[position] : null;
        }

        private static boolean truthy(Object value) {
            if (value instanceof Boolean) {
                return (Boolean) value;
            }
            if (value instanceof Number) {
                return ((Number) value).doubleValue() != 0;
            }
            if (value instanceof String) {
                return !((String) value).isEmpty();
            }
            return value != null;
        }
    }

    /** Jinja2's {@code items} filter: a mapping's (key, value) pairs; none for an undefined value. */
    static final class ItemsFilter implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var == null) {
                return List.of();
            }
            if (var instanceof Map) {
                return new ArrayList<Object>(((Map<?, ?>) var).entrySet());
            }
            throw new IllegalArgumentException(
                    "items: expected a mapping, got " + var.getClass().getSimpleName());
        }
    }

    /**
     * The {@code iterable} and {@code sequence} tests as Python answers them: a string and a dict are both (Jinjava
     * says neither), so that a template's {@code content is iterable} takes the same branch as in Jinja2. A sequence
     * also needs indexing, which a set lacks.
     */
    static final class PythonTypeTest implements ExpTest {
        private final String name;
        private final boolean indexed;

        PythonTypeTest(String name, boolean indexed) {
            this.name = name;
            this.indexed = indexed;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            if (var instanceof String || var instanceof Map || var instanceof List || var instanceof Object[]) {
                return true;
            }
            return !indexed && (var instanceof Iterable || var instanceof Iterator);
        }
    }

    /** {@code x[::-1]}: a string reversed, or any other sequence as a reversed list. */
    static final class ReversedFilter implements Filter {
        @Override
        public String getName() {
            return SourceRewriter.REVERSED_FILTER;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var == null) {
                return null;
            }
            if (var instanceof String) {
                return new StringBuilder((String) var).reverse().toString();
            }
            List<Object> items = new ArrayList<>();
            ForLoop loop = ObjectIterator.getLoop(var instanceof Map ? ((Map<?, ?>) var).keySet() : var);
            while (loop.hasNext()) {
                items.add(loop.next());
            }
            Collections.reverse(items);
            return new PyList(items);
        }
    }

    /**
     * {@code for x in xs if cond}: the items of {@code xs} for which {@code cond} holds, evaluated with the loop
     * variables bound to the item. Arguments: the loop variable names, comma-separated, and the condition.
     */
    static final class LoopIfFilter implements Filter {
        @Override
        public String getName() {
            return SourceRewriter.LOOP_FILTER;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            List<String> names = List.of(args[0].split(","));
            String condition = args[1];
            List<Object> kept = new ArrayList<>();
            ForLoop loop = ObjectIterator.getLoop(var instanceof Map ? ((Map<?, ?>) var).keySet() : var);
            while (loop.hasNext()) {
                Object item = loop.next();
                try (JinjavaInterpreter.InterpreterScopeClosable scope = interpreter.enterScope()) {
                    bind(interpreter, names, interpreter.wrap(item));
                    if (ObjectTruthValue.evaluate(
                            interpreter.resolveELExpression(condition, interpreter.getLineNumber()))) {
                        kept.add(item);
                    }
                }
            }
            return new PyList(kept);
        }

        /** Binds loop variables to an item as a {@code for} tag does: one name, or unpacking a pair or a list. */
        private static void bind(JinjavaInterpreter interpreter, List<String> names, Object item) {
            Context context = interpreter.getContext();
            if (names.size() == 1) {
                context.put(names.get(0), item);
                return;
            }
            List<?> parts;
            if (item instanceof Map.Entry) {
                parts = Arrays.asList(((Map.Entry<?, ?>) item).getKey(), ((Map.Entry<?, ?>) item).getValue());
            } else if (item instanceof List) {
                parts = (List<?>) item;
            } else {
                parts = List.of();
            }
            for (int i = 0; i < names.size(); i++) {
                context.put(names.get(i), i < parts.size() ? parts.get(i) : null);
            }
        }
    }

    /**
     * {@code {% generation %}...{% endgeneration %}}: {@code transformers} uses it to find assistant text for
     * training masks; for a prompt only its body matters.
     */
    static final class GenerationTag implements Tag {
        private static final long serialVersionUID = 1L;

        @Override
        public String getName() {
            return "generation";
        }

        @Override
        public String getEndTagName() {
            return "endgeneration";
        }

        @Override
        public String interpret(TagNode tagNode, JinjavaInterpreter interpreter) {
            StringBuilder out = new StringBuilder();
            Collection<Node> children = tagNode.getChildren();
            for (Node child : children) {
                out.append(child.render(interpreter).getValue());
            }
            return out.toString();
        }
    }
}
