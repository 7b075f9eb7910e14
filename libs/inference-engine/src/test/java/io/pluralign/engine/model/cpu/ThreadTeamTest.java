package io.pluralign.engine.model.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ThreadTeamTest {

    @Test
    void everyIndexIsRunExactlyOnceOverManyRunsAndSizes() {
        try (ThreadTeam team = new ThreadTeam(3, "test-team")) {
            for (int n = 0; n < 200; n++) {
                AtomicIntegerArray counts = new AtomicIntegerArray(n);
                team.run(n, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        counts.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(counts.get(i)).as("index %d of %d", i, n).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void workIsSharedByTheTeamButNotSplitBelowTheGrain() {
        try (ThreadTeam team = new ThreadTeam(2, "test-team")) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            team.run(1000, 10, (from, to) -> threads.add(Thread.currentThread().getName()));
            assertThat(threads).hasSize(2);
            threads.clear();
            team.run(1000, 600, (from, to) -> threads.add(Thread.currentThread().getName()));
            assertThat(threads).containsExactly(Thread.currentThread().getName());
        }
    }

    @Test
    void aFailingPartIsRethrownToTheCallerAndTheTeamStaysUsable() {
        try (ThreadTeam team = new ThreadTeam(2, "test-team")) {
            assertThatThrownBy(() -> team.run(100, 1, (from, to) -> {
                        if (from > 0) {
                            throw new IllegalStateException("part from " + from);
                        }
                    }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("part from 50");
            AtomicIntegerArray counts = new AtomicIntegerArray(1);
            team.run(100, 1, (from, to) -> counts.addAndGet(0, to - from));
            assertThat(counts.get(0)).isEqualTo(100);
        }
    }
}
