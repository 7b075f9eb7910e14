package io.pluralign.contracts.events;

import java.util.List;

/**
 * Payload of {@link EventTypes#PROFILE_LEARNED}: trainer-service's new estimate of a user's PAL weights. profile-service
 * applies it as a new profile version unless the user opted out or changed the weights by hand after the version the
 * learner started from.
 *
 * @param tenantId tenant the user belongs to
 * @param userId the tenant's user id
 * @param basedOnVersion the profile version whose feedback and weights the learner started from
 * @param palWeights the learned weights, one per prototype of the tenant's reward model, summing to 1
 * @param rewardModelVersion the reward model the weights belong to
 * @param feedbackIds the feedback events (CloudEvent ids) this update takes in for the first time, so an app can tell
 *     when a user's feedback has been learned; empty when it only re-fits the user under a new reward model
 */
public record ProfileLearned(
        String tenantId,
        String userId,
        long basedOnVersion,
        List<Double> palWeights,
        long rewardModelVersion,
        List<String> feedbackIds) {

    public ProfileLearned {
        feedbackIds = feedbackIds == null ? List.of() : List.copyOf(feedbackIds);
    }
}
