package io.pluralign.trainer.domain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Where feedback ingestion and online learning spend their time, on {@code /actuator/prometheus}: per phase, the wall
 * time ({@code pluralign_trainer_phase_seconds}) and the CPU time of the thread doing it ({@code
 * pluralign_trainer_phase_cpu_seconds}); the difference is time spent waiting, for the database or for a core. Also the
 * events stored, the events learned and the user updates published, how old a feedback record is when it is read,
 * and how long a stored event waits to be learned.
 */
@Component
public class LearningMetrics {

    /** The phases of storing a polled batch of feedback, then of a pass of online learning. */
    public enum Phase {
        /** Reading the polled records: parsing, validating, deciding where each goes. */
        PARSE,
        /** Storing the usable events, once each. */
        STORE,
        /** Reading the oldest unlearned feedback. */
        READ,
        /** Bringing users' histories up to date: parsing feedback, resolving named generations. */
        RESOLVE,
        /** Answers' projections under the tenant's model (their activations, read once per answer). */
        PROJECT,
        /** Fitting each user's theta. */
        FIT,
        /** Storing the thetas, their profile.learned events and what is learned, in one transaction. */
        COMMIT
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Phase, Timer> wall = new EnumMap<>(Phase.class);
    private final Map<Phase, Timer> cpu = new EnumMap<>(Phase.class);
    private final Counter stored;
    private final Counter events;
    private final Counter users;
    private final Timer polled;
    private final Timer learnedAfter;

    public LearningMetrics(MeterRegistry registry) {
        for (Phase phase : Phase.values()) {
            String tag = phase.name().toLowerCase(Locale.ROOT);
            wall.put(
                    phase,
                    timer(registry, "phase", "Wall time of a phase of feedback ingestion or online learning", tag));
            cpu.put(
                    phase,
                    timer(registry, "phase.cpu", "CPU time of the thread doing a phase of ingestion or learning", tag));
        }
        stored = Counter.builder("pluralign.trainer.feedback.stored")
                .description("Feedback events stored (each once)")
                .register(registry);
        events = Counter.builder("pluralign.trainer.learning.events")
                .description("Feedback events taken into users' thetas")
                .register(registry);
        users = Counter.builder("pluralign.trainer.learning.users")
                .description("User updates (each one profile.learned)")
                .register(registry);
        polled = timer(
                registry,
                "feedback.age",
                "Age of a feedback record when the service reads it (from its Kafka timestamp)",
                null);
        learnedAfter = timer(
                registry,
                "learning.delay",
                "Time from storing a feedback event to committing the update that learned it",
                null);
    }

    /** {@code pluralign.trainer.<name>}, tagged with {@code phase} unless it is null. */
    private static Timer timer(MeterRegistry registry, String name, String description, String phase) {
        Timer.Builder builder = Timer.builder("pluralign.trainer." + name).description(description);
        if (phase != null) {
            builder.tag("phase", phase);
        }
        return builder.register(registry);
    }

    /** A feedback record was read {@code ageMillis} after its Kafka timestamp. */
    public void polled(long ageMillis) {
        polled.record(Math.max(0, ageMillis), TimeUnit.MILLISECONDS);
    }

    /** Starts timing the phases that follow on the calling thread. */
    public Laps start() {
        return new Laps();
    }

    /** Successive phases on one thread: each {@link #lap} ends one and starts the next. */
    public final class Laps {
        private long wallNanos = System.nanoTime();
        private long cpuNanos = THREADS.getCurrentThreadCpuTime();

        private Laps() {}

        /** {@code phase} ended now. */
        public void lap(Phase phase) {
            long wallNow = System.nanoTime();
            long cpuNow = THREADS.getCurrentThreadCpuTime();
            wall.get(phase).record(wallNow - wallNanos, TimeUnit.NANOSECONDS);
            cpu.get(phase).record(Math.max(0, cpuNow - cpuNanos), TimeUnit.NANOSECONDS);
            wallNanos = wallNow;
            cpuNanos = cpuNow;
        }
    }

    /** A polled batch stored {@code count} new events. */
    public void stored(int count) {
        stored.increment(count);
    }

    /** A committed pass took in {@code eventCount} events of {@code userCount} users. */
    public void learned(int eventCount, int userCount) {
        events.increment(eventCount);
        users.increment(userCount);
    }

    /** An event stored at {@code storedAt} was learned just now. */
    public void learnedSince(Instant storedAt) {
        learnedAfter.record(Duration.between(storedAt, Instant.now()));
    }
}
