package io.pluralign.trainer.domain;

import io.pluralign.servicekit.peer.PeerCallException;
import io.pluralign.trainer.config.LearningProperties;
import io.pluralign.trainer.events.FollowedProfiles;
import io.pluralign.trainer.store.Leadership;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The two threads that learn. One learns every user with unlearned feedback, woken as soon as new feedback is stored;
 * users are coalesced, so a burst of one user's events is one update. The other refits tenants that are due (checked
 * every {@code refit-check}), which takes seconds and must not hold up users' updates. A user update that started on
 * the previous version never overwrites a newer one's theta, and the next pass uses the new version. What is not
 * learned stays marked so in the store and is picked up after a restart. Of several instances only the one that leads
 * ({@link Leadership}) learns; all of them store feedback.
 */
@Component
public class LearningLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LearningLoop.class);
    private static final int EVENTS_PER_PASS = 5000;

    private final Leadership leadership;
    private final UserLearning users;
    private final Refit refit;
    private final FollowedProfiles profiles;
    private final LearningProperties properties;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile List<Thread> threads = List.of();

    public LearningLoop(
            Leadership leadership,
            UserLearning users,
            Refit refit,
            FollowedProfiles profiles,
            LearningProperties properties) {
        this.leadership = leadership;
        this.users = users;
        this.refit = refit;
        this.profiles = profiles;
        this.properties = properties;
    }

    /** New feedback was stored: learn it now rather than at the next poll. */
    public void wake() {
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        threads = List.of(
                daemon("learning-loop", () -> loop(this::learnUsers)),
                daemon("refit-loop", () -> loop(this::refitDue)));
        threads.forEach(Thread::start);
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void stop() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** One step of a loop; it waits inside as it needs to. */
    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /**
     * Runs a step until stopped, while this instance leads learning and once every profile is known; failures back off,
     * 1 s doubling to 30 s. An instance that does not lead tries again every second.
     */
    private void loop(Step step) {
        long backOffMillis = 0;
        while (running) {
            try {
                if (backOffMillis > 0 || !profiles.caughtUp()) {
                    sleep(Math.max(backOffMillis, 200));
                }
                if (!profiles.caughtUp()) {
                    continue;
                }
                if (!leadership.lead()) {
                    sleep(1000);
                    continue;
                }
                step.run();
                backOffMillis = 0;
            } catch (PeerCallException e) {
                backOffMillis = Math.min(30_000, Math.max(1000, backOffMillis * 2));
                log.warn("{} paused {} ms: {}", Thread.currentThread().getName(), backOffMillis, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                backOffMillis = Math.min(30_000, Math.max(1000, backOffMillis * 2));
                log.error(
                        "{} failed; trying again in {} ms",
                        Thread.currentThread().getName(),
                        backOffMillis,
                        e);
            }
        }
    }

    /** A pass over unlearned feedback; when there was none, waits for new feedback (or 1 s). */
    private void learnUsers() throws Exception {
        if (users.learnPending(EVENTS_PER_PASS) == 0) {
            wakeUp.tryAcquire(1000, TimeUnit.MILLISECONDS);
            wakeUp.drainPermits();
        }
    }

    /** Refits the tenants that are due, then waits {@code refit-check}. */
    private void refitDue() throws Exception {
        for (String tenant : refit.due()) {
            refit.refit(tenant);
            users.forget(tenant);
        }
        sleep(properties.refitCheck().toMillis());
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
