package io.pluralign.trainer.domain;

import io.pluralign.contracts.events.EventKeys;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.trainer.store.FeedbackStore;
import io.pluralign.trainer.store.LearningStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Right to erasure in trainer-service: on {@code user.erased}, the user's feedback and generations lose their content,
 * their unlearned events leave the queue, their theta and unpublished events are deleted, in one transaction that
 * holds the tenant's learning lock; the learner then forgets what it holds of them in memory.
 *
 * <p>A learning pass (or refit) that read the user's feedback before the erasure may commit after it. It saves thetas
 * only of users who still have feedback when an erasure ran since it started ({@link #mayHaveErasedSince}), so no
 * theta comes back.
 */
@Component
public class UserErasure {
    private final FeedbackStore feedback;
    private final LearningStore learning;
    private final OutboxStore outbox;
    private final TransactionTemplate tx;

    private final Window window = new Window();
    /** Users erased since the learner last looked. */
    private final Queue<Erased> toForget = new ConcurrentLinkedQueue<>();

    /** A user who was erased. */
    public record Erased(String tenant, String user) {}

    public UserErasure(FeedbackStore feedback, LearningStore learning, OutboxStore outbox, TransactionTemplate tx) {
        this.feedback = feedback;
        this.learning = learning;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Erases what trainer-service stores of the user; returns how many feedback events were erased (0 if before). */
    public int erase(String tenant, String user) {
        window.begin();
        try {
            Integer erased = tx.execute(status -> {
                learning.lockTenant(tenant);
                int n = feedback.erase(tenant, user);
                learning.deleteTheta(tenant, user);
                outbox.deleteKey(EventKeys.of(tenant, user));
                return n;
            });
            toForget.add(new Erased(tenant, user));
            return erased == null ? 0 : erased;
        } finally {
            window.end();
        }
    }

    /**
     * Whether an erasure may have committed after {@code startedNanos} (a {@link System#nanoTime()} taken before the
     * caller read any feedback): then the caller checks which of its users still have feedback before saving.
     */
    public boolean mayHaveErasedSince(long startedNanos) {
        return window.mayHaveEndedSince(startedNanos);
    }

    /**
     * When erasures ran: one that is running, or ended after a given moment, may have committed after it. The end is
     * taken after the commit, and the erasure counts as running until then.
     */
    static final class Window {
        private final AtomicInteger running = new AtomicInteger();
        private volatile long lastEndedNanos = System.nanoTime();

        void begin() {
            running.incrementAndGet();
        }

        void end() {
            lastEndedNanos = System.nanoTime();
            running.decrementAndGet();
        }

        boolean mayHaveEndedSince(long nanos) {
            return running.get() > 0 || lastEndedNanos - nanos > 0;
        }
    }

    /** The users erased since the last call. */
    public List<Erased> erasedSinceLastAsked() {
        List<Erased> users = new ArrayList<>();
        for (Erased user = toForget.poll(); user != null; user = toForget.poll()) {
            users.add(user);
        }
        return users;
    }
}
