package io.pluralign.trainer.events;

import io.pluralign.trainer.store.FeedbackStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles feedback that names generations: once every named generation has arrived it is resolved; when one belongs
 * to another user, or has not arrived within the grace period ({@code pluralign.trainer.generation-grace}, default
 * 10 minutes: feedback may overtake its generation's event), it is rejected and sent to {@code feedback.dlq} with the
 * reason (a row stays, so a replay of the same event is not stored again).
 */
@Component
class FeedbackResolver {
    private final FeedbackStore store;
    private final RejectedFeedback rejected;
    private final long graceSeconds;

    FeedbackResolver(
            FeedbackStore store,
            RejectedFeedback rejected,
            @Value("${pluralign.trainer.generation-grace:10m}") java.time.Duration grace) {
        this.store = store;
        this.rejected = rejected;
        this.graceSeconds = grace.toSeconds();
    }

    @Scheduled(fixedDelayString = "${pluralign.trainer.resolve-interval:1s}")
    public void settle() throws Exception {
        rejected.deadLetter(store.settlePending(graceSeconds));
    }
}
