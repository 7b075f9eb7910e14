package io.pluralign.trainer.domain;

import io.pluralign.contracts.events.EventKeys;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.trainer.store.FeedbackStore;
import io.pluralign.trainer.store.LearningStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Right to erasure in trainer-service. Any instance records a {@code user.erased} request ({@link #request}); the
 * instance that learns carries requests out on its learning thread, between passes ({@link #carryOut}), so no pass of
 * online learning interleaves with an erasure. Each erasure, in one transaction holding the tenant's learning lock,
 * leaves the user's feedback and generations only their ids and owner, takes their events out of the learning queue,
 * and deletes their theta and unpublished events; the caller then forgets what it holds of them in memory.
 *
 * <p>A refit runs on its own thread and may have read the user's feedback or theta before an erasure that commits
 * before it does: it asks {@link #mayHaveErasedSince} and leaves such users out.
 */
@Component
public class UserErasure {
    private final FeedbackStore feedback;
    private final LearningStore learning;
    private final OutboxStore outbox;
    private final TransactionTemplate tx;
    private final Window window = new Window();

    /** A user who was erased. */
    public record Erased(String tenant, String user) {}

    public UserErasure(FeedbackStore feedback, LearningStore learning, OutboxStore outbox, TransactionTemplate tx) {
        this.feedback = feedback;
        this.learning = learning;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** Records that the user asked to be erased (durably: the learner carries it out, whichever instance it is on). */
    public void request(String tenant, String user) {
        feedback.requestErasure(tenant, user);
    }

    /** Carries out the erasures requested; returns the users erased, whose state in memory the caller forgets. */
    public List<Erased> carryOut() {
        List<Erased> erased = new ArrayList<>();
        for (FeedbackStore.ErasureRequest request : feedback.requestedErasures()) {
            window.begin();
            try {
                tx.executeWithoutResult(status -> {
                    learning.lockTenant(request.tenantId());
                    feedback.erase(request.tenantId(), request.userId());
                    learning.deleteTheta(request.tenantId(), request.userId());
                    outbox.deleteKey(EventKeys.of(request.tenantId(), request.userId()));
                    feedback.erasureDone(request.id());
                });
            } finally {
                window.end();
            }
            erased.add(new Erased(request.tenantId(), request.userId()));
        }
        return erased;
    }

    /**
     * Whether an erasure may have committed after {@code startedNanos} (a {@link System#nanoTime()} taken before the
     * caller read any feedback): then the caller checks which of its users were erased before saving.
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
}
