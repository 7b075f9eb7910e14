package io.pluralign.profile.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PreconditionTest {

    @Test
    void noHeadersMeansLastWriteWins() {
        Precondition none = Precondition.fromHeaders(null, null);
        assertThat(none.holds(null)).isTrue();
        assertThat(none.holds(7L)).isTrue();
    }

    @Test
    void ifMatchNeedsOneOfTheNamedVersionsByStrongComparison() {
        Precondition p = Precondition.fromHeaders("\"3\", \"5\"", null);
        assertThat(p.holds(3L)).isTrue();
        assertThat(p.holds(5L)).isTrue();
        assertThat(p.holds(4L)).isFalse();
        assertThat(p.holds(null)).isFalse();
        assertThat(Precondition.fromHeaders("W/\"3\"", null).holds(3L))
                .as("weak tags never match If-Match")
                .isFalse();
        assertThat(Precondition.fromHeaders("3", null).holds(3L))
                .as("unquoted is malformed")
                .isFalse();
    }

    @Test
    void starsMeanExistsOrAbsent() {
        assertThat(Precondition.fromHeaders("*", null).holds(1L)).isTrue();
        assertThat(Precondition.fromHeaders("*", null).holds(null)).isFalse();
        assertThat(Precondition.fromHeaders(null, "*").holds(null)).isTrue();
        assertThat(Precondition.fromHeaders(null, "*").holds(1L)).isFalse();
    }

    @Test
    void conditionalGetComparesWeakly() {
        assertThat(Precondition.anyTagMatches("W/\"2\"", 2)).isTrue();
        assertThat(Precondition.anyTagMatches("\"1\", \"2\"", 2)).isTrue();
        assertThat(Precondition.anyTagMatches("\"1\"", 2)).isFalse();
        assertThat(Precondition.anyTagMatches("*", 2)).isTrue();
        assertThat(Precondition.anyTagMatches(null, 2)).isFalse();
    }
}
