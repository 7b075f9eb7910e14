package io.pluralign.trainer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Whether a learning pass must check which of its users were erased before it saves their thetas. */
class UserErasureWindowTest {
    private final UserErasure.Window window = new UserErasure.Window();

    @Test
    void aPassThatStartedAfterEveryErasureEndedNeedNotCheck() {
        window.begin();
        window.end();
        long passStarted = System.nanoTime();

        assertThat(window.mayHaveEndedSince(passStarted)).isFalse();
    }

    @Test
    void aPassMustCheckWhileAnErasureRunsEvenOneThatBeganAfterThePassStarted() {
        long passStarted = System.nanoTime();
        window.begin();

        assertThat(window.mayHaveEndedSince(passStarted)).isTrue();
        assertThat(window.mayHaveEndedSince(System.nanoTime()))
                .as("whenever the pass started")
                .isTrue();
    }

    @Test
    void aPassMustCheckWhenAnErasureEndedAfterItStarted() throws InterruptedException {
        window.begin();
        long passStarted = System.nanoTime();
        Thread.sleep(1);
        window.end();

        assertThat(window.mayHaveEndedSince(passStarted)).isTrue();
    }

    @Test
    void withoutErasuresNoPassChecks() {
        assertThat(window.mayHaveEndedSince(System.nanoTime())).isFalse();
    }
}
