package io.pluralign.trainer.domain;

import io.pluralign.servicekit.peer.PeerCallException;
import io.pluralign.trainer.config.LearningProperties;
import io.pluralign.trainer.events.FollowedProfiles;
import io.pluralign.trainer.events.RejectedFeedback;
import io.pluralign.trainer.store.FeedbackStore;
import io.pluralign.trainer.store.LearningStore;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one thread that learns: it refits tenants that are due (checked every {@code refit-check}), and otherwise
 * learns every user with unlearned feedback, woken as soon as new feedback is stored. Users are coalesced: a burst of
 * one user's events is one update. Refits and user updates never run at once, so a user update never races a new
 * model version. What is not learned stays marked so in the store and is picked up after a restart.
 */
@Component
public class LearningLoop implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LearningLoop.class);
    private static final int USERS_PER_PASS = 200;

    private final LearningStore store;
    private final UserLearning users;
    private final Refit refit;
    private final FollowedProfiles profiles;
    private final FeedbackStore feedback;
    private final RejectedFeedback rejected;
    private final LearningProperties properties;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;

    public LearningLoop(
            LearningStore store,
            UserLearning users,
            Refit refit,
            FollowedProfiles profiles,
            FeedbackStore feedback,
            RejectedFeedback rejected,
            LearningProperties properties) {
        this.store = store;
        this.users = users;
        this.refit = refit;
        this.profiles = profiles;
        this.feedback = feedback;
        this.rejected = rejected;
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
        thread = new Thread(this::run, "learning-loop");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
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

    private void run() {
        long nextRefitCheck = 0;
        long backOffMillis = 0;
        while (running) {
            try {
                if (backOffMillis > 0 || !profiles.caughtUp()) {
                    sleep(Math.max(backOffMillis, 200));
                }
                if (!profiles.caughtUp()) {
                    continue;
                }
                if (System.nanoTime() - nextRefitCheck >= 0) {
                    refitDue();
                    nextRefitCheck = System.nanoTime() + properties.refitCheck().toNanos();
                }
                int learned = learnPending();
                backOffMillis = 0;
                if (learned == 0) {
                    wakeUp.tryAcquire(Math.min(1000, properties.refitCheck().toMillis()), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (PeerCallException e) {
                backOffMillis = Math.min(30_000, Math.max(1000, backOffMillis * 2));
                log.warn("learning paused {} ms: {}", backOffMillis, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                backOffMillis = Math.min(30_000, Math.max(1000, backOffMillis * 2));
                log.error("learning failed; trying again in {} ms", backOffMillis, e);
            }
        }
    }

    private void refitDue() {
        for (String tenant : refit.due()) {
            refit.refit(tenant);
        }
    }

    /** Learns the users with unlearned feedback; returns how many were updated. */
    int learnPending() {
        List<LearningStore.UserRef> pending = store.unlearnedUsers(USERS_PER_PASS);
        int learned = 0;
        for (LearningStore.UserRef u : pending) {
            if (!running) {
                break;
            }
            try {
                if (users.learn(u.tenantId(), u.userId()).isPresent()) {
                    learned++;
                }
            } catch (PeerCallException e) {
                if (e.isTransient()) {
                    throw e;
                }
                reject(u, "the model could not read an answer: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                reject(u, "the feedback cannot be learned from: " + e.getMessage());
            }
        }
        return learned;
    }

    /** A user's unlearned feedback that cannot be learned goes to the dead-letter topic, so it blocks nobody. */
    private void reject(LearningStore.UserRef u, String reason) {
        try {
            rejected.deadLetter(feedback.rejectUnlearned(u.tenantId(), u.userId(), reason));
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter feedback of " + u, e);
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
