package io.pluralign.trainer.domain;

import io.pluralign.contracts.events.EventKeys;
import io.pluralign.outbox.OutboxStore;
import io.pluralign.trainer.store.FeedbackStore;
import io.pluralign.trainer.store.LearningStore;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Right to erasure in trainer-service. Any instance records a {@code user.erased} request ({@link #request}); the
 * instance that learns carries requests out on its learning thread, between passes ({@link #carryOut}), so no pass of
 * online learning interleaves with an erasure. Each erasure, in one transaction holding the tenant's learning lock,
 * leaves the user's feedback and generations only their ids and owner, takes their events out of the learning queue,
 * and deletes their theta and unpublished events; the learner then forgets what it holds of them in memory.
 */
@Component
public class UserErasure {
    private static final Logger log = LoggerFactory.getLogger(UserErasure.class);
    /** How often the learner looks for requests recorded by other instances. */
    private static final long LOOK_EVERY_NANOS = 1_000_000_000L;
    /** A request that failed this often is left for an operator (it stays in {@code erasures} with its error). */
    static final int ATTEMPTS = 5;

    private final FeedbackStore feedback;
    private final LearningStore learning;
    private final OutboxStore outbox;
    private final TransactionTemplate tx;
    /** Whether the next pass looks for requests whatever the time: one was recorded here, or leadership began. */
    private volatile boolean lookNow = true;
    /** When the learner last looked (its thread only). */
    private long lookedNanos;

    public UserErasure(FeedbackStore feedback, LearningStore learning, OutboxStore outbox, TransactionTemplate tx) {
        this.feedback = feedback;
        this.learning = learning;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * Records that the user asked to be erased, once per event id (durably: the learner carries it out, whichever
     * instance it is on).
     */
    public void request(String eventId, String tenant, String user) {
        feedback.requestErasure(eventId, tenant, user);
        lookNow = true;
    }

    /**
     * Carries out the erasures requested, at once when this instance recorded one, otherwise at most once a second;
     * calls {@code forget} with each user's tenant and id right after their erasure commits. A request that fails is
     * logged and tried again later; it never stops learning.
     */
    public void carryOut(BiConsumer<String, String> forget) {
        long now = System.nanoTime();
        if (!lookNow && now - lookedNanos < LOOK_EVERY_NANOS) {
            return;
        }
        lookNow = false;
        lookedNanos = now;
        for (FeedbackStore.ErasureRequest request : feedback.requestedErasures(ATTEMPTS)) {
            try {
                tx.executeWithoutResult(status -> {
                    learning.lockTenant(request.tenantId());
                    feedback.erase(request.tenantId(), request.userId());
                    learning.deleteTheta(request.tenantId(), request.userId());
                    outbox.deleteUnpublishedKey(EventKeys.of(request.tenantId(), request.userId()));
                    feedback.erasureDone(request.id());
                });
                forget.accept(request.tenantId(), request.userId());
            } catch (RuntimeException e) {
                log.error("erasure of {}:{} failed; tried again later", request.tenantId(), request.userId(), e);
                feedback.erasureFailed(request.id(), e.toString());
            }
        }
    }

    /** Looks for requests at the next pass (after this instance became the one that learns). */
    public void lookNow() {
        lookNow = true;
    }
}
