package io.pluralign.engine.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The source rewrites that make Jinjava read expressions with Jinja2's meaning, as text. */
class SourceRewriterTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '→',
            quoteCharacter = '`',
            value = {
                // prefix not: its operand up to and/or/if/else or an enclosing bracket
                "{% if not m['role'] == 'user' %}       → {% if not (m['role'] == 'user') %}",
                "{%- if not a == b and not c %}         → {% if not (a == b) and not (c) %}",
                "{{ 'x' if not a.b in c else 'y' }}     → {{ 'x' if not (a.b in c) else 'y' }}",
                "{{ f(not a, b) }}                      → {{ f(not (a), b) }}",
                // infix not stays
                "{{ a not in b }}                       → {{ a not in b }}",
                "{{ a is not none }}                    → {{ a is not none }}",
                // keyword arguments of more than one token
                "{% set ns = namespace(i=m|length - 1, f=false) %} → {% set ns = namespace(i=(m|length - 1), f=false) %}",
                "{{ x | tojson(indent=4) }}             → {{ x | tojson(indent=4) }}",
                // reverse slicing
                "{% for m in messages[::-1] %}          → {% for m in (messages|__reversed) %}",
                "{{ a.b(c)[0][::-1] }}                  → {{ (a.b(c)[0]|__reversed) }}",
                // loop filter
                "{% for m in messages if m.role != 'x' %} → `{% for m in (messages)|__loop_if(\"m\", \"m.role != 'x'\") %}`",
                "{%- for k, v in d.items() if not k == \"a\" -%} → `{% for k, v in (d.items())|__loop_if(\"k,v\", \"not (k == \\\"a\\\")\") %}`",
                // escapes Jinjava does not know
                "{{ '\\x41\\u00e9\\z' }}                 → {{ 'Aé\\\\z' }}",
                "{{ 'a\\nb\\'c' }}                      → {{ 'a\\nb\\'c' }}",
                // nested dict literal closing braces
                "{{ {'a': {'b': 1}} | tojson }}         → {{ {'a': {'b': 1} } | tojson }}",
                // left alone: raw blocks, comments, macro definitions, text, strings
                "{% raw %}{{ not a == b }}{% endraw %}  → {% raw %}{{ not a == b }}{% endraw %}",
                "{# not a == b #}not a == b             → not a == b",
                "{% macro f(a, b=1 + 1) %}{% endmacro %} → {% macro f(a, b=1 + 1) %}{% endmacro %}",
                "{{ 'not a == b' }}                     → {{ 'not a == b' }}",
            })
    void rewrites_expressions(String source, String expected) {
        assertThat(SourceRewriter.rewrite(source.strip()).source()).isEqualTo(expected.strip());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '→',
            quoteCharacter = '`',
            value = {
                // lstrip_blocks: indentation before a block tag or comment; trim_blocks: the newline after it
                "`A\n  {% if x %}\n  B\n  {% endif %}\nC`   → `A\n{% if x %}  B\n{% endif %}C`",
                "`A\n  {# note #}\nB`                      → `A\nB`",
                // not for expressions, nor in the middle of a line
                "`A\n  {{ x }}\nB {% if y %} C`            → `A\n  {{ x }}\nB {% if y %} C`",
                // markers: - removes all whitespace on its side, + keeps what lstrip/trim would remove
                "`A \n {{- x -}} \n B`                     → `A{{ x }}B`",
                "`A\n  {%+ if x +%}\nB`                     → `A\n  {% if x %}\nB`",
                "`A\n  {%- if x -%}\n  B`                   → `A{% if x %}B`",
                // raw blocks keep their body, with the same rules around their tags
                "`  {% raw %}\n {{ x }}\n  {% endraw %}\nB` → `{% raw %}\n {{ x }}\n{% endraw %}B`",
                "`A {%- raw -%} {{ x }} {%- endraw -%} B`   → `A{% raw %}{{ x }}{% endraw %}B`",
            })
    void applies_jinja2_whitespace_control(String source, String expected) {
        assertThat(SourceRewriter.rewrite(unescape(source)).source()).isEqualTo(unescape(expected));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '→',
            quoteCharacter = '`',
            value = {
                "{{ x | trim | tojson(indent=2) }}{% if y is not none and z is string %}{% endif %} → trim,tojson → none,string",
                "{% for m in messages | selectattr('role', 'equalto', 'user') %}{% endfor %}       → selectattr → ''",
            })
    void collects_filter_and_test_names(String source, String filters, String tests) {
        SourceRewriter.Result result = SourceRewriter.rewrite(source.strip());

        assertThat(String.join(",", result.filters())).isEqualTo(filters.strip());
        assertThat(String.join(",", result.tests())).isEqualTo(tests.strip().replace("''", ""));
    }

    private static String unescape(String s) {
        return s.strip().replace("\\n", "\n");
    }
}
