package io.pluralign.reward.domain;

import io.pluralign.servicekit.peer.PeerCallException;
import io.pluralign.servicekit.peer.SteeringActivations;
import io.pluralign.servicekit.web.ApiException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Scores answers for a user: each answer's embedding (its pooled activation at the reward model's layer, read from
 * steering-service in one batch) under the tenant's served reward model and the user's PAL weights. A user without
 * weights (or with weights for another number of prototypes) is scored as the population's average user: uniform
 * weights.
 */
@Component
public class Scorer {

    /** Rewards of the answers, in order, and what they were computed with. */
    public record Scored(long rewardModelVersion, String weightsSource, double[] weights, double[] rewards) {}

    private final RewardModels models;
    private final UserWeights users;
    private final SteeringActivations activations;

    public Scorer(RewardModels models, UserWeights users, SteeringActivations activations) {
        this.models = models;
        this.users = users;
        this.activations = activations;
    }

    public Scored score(String tenant, String user, String system, String prompt, List<String> responses) {
        RewardModels.Served served = models.find(tenant)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.CONFLICT,
                        "This tenant has no reward model yet: it is fitted once enough feedback has arrived"));
        int k = served.model().pal().prototypeCount();
        double[] weights = new double[k];
        String source;
        var held = users.find(tenant, user).filter(h -> h.weights().size() == k);
        if (held.isPresent()) {
            for (int i = 0; i < k; i++) {
                weights[i] = held.get().weights().get(i);
            }
            source = held.get().source();
        } else {
            Arrays.fill(weights, 1.0 / k);
            source = "uniform";
        }
        List<SteeringActivations.Item> items = new ArrayList<>();
        for (String response : responses) {
            items.add(new SteeringActivations.Item(system, prompt, response));
        }
        SteeringActivations.Measured measured;
        try {
            measured = activations.measure(tenant, items, new int[] {served.embeddingLayer()});
        } catch (PeerCallException e) {
            if (e.status() == 400) {
                throw ApiException.badRequest("the model cannot read an answer: " + e.getMessage());
            }
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "the model host is unavailable: " + e.getMessage());
        }
        if (!served.modelKey().equals(measured.modelKey())) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "the reward model was fitted on " + served.modelKey() + ", but the model host now serves "
                            + measured.modelKey() + "; a refit is needed");
        }
        double[] rewards = new double[responses.size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = served.model().reward(weights, measured.activations().get(i)[0]);
        }
        return new Scored(served.version(), source, weights, rewards);
    }
}
