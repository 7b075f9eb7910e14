package io.pluralign.trainer.domain;

import io.pluralign.alignment.pal.Comparison;
import io.pluralign.alignment.pal.PalModel;
import io.pluralign.alignment.pal.PalTrainer;
import io.pluralign.trainer.config.LearningProperties;
import io.pluralign.trainer.events.LearnedEvents;
import io.pluralign.trainer.store.LearningStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Online learning of one user: their theta refitted on their recent comparisons with the tenant's shared parameters
 * frozen (K numbers, so a handful of comparisons is enough), then stored together with its {@code profile.learned}
 * event and the mark that their feedback is learned, in one transaction.
 */
@Component
public class UserLearning {

    /** What an update did: the user's new weights, from how many comparisons, under which model version. */
    public record Outcome(List<Double> weights, int comparisons, long modelVersion, boolean published) {}

    private final LearningStore store;
    private final AnswerActivations activations;
    private final LearnedEvents events;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final LearningProperties properties;

    public UserLearning(
            LearningStore store,
            AnswerActivations activations,
            LearnedEvents events,
            TransactionTemplate tx,
            JsonMapper json,
            LearningProperties properties) {
        this.store = store;
        this.activations = activations;
        this.events = events;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
    }

    /**
     * Learns a user from their feedback; empty when the tenant has no reward model for the served model yet (the
     * next refit takes the user in).
     */
    public Optional<Outcome> learn(String tenant, String user) {
        Optional<CurrentModel> current = CurrentModel.load(store, json, tenant);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        AnswerActivations.Layout layout = activations.layout(tenant);
        if (!layout.modelKey().equals(current.get().modelKey())) {
            return Optional.empty();
        }
        List<LearningStore.FeedbackRow> rows = store.feedbackOf(tenant, user, properties.userHistory());
        List<ComparisonBuilder.AnswerPair> pairs = Comparisons.pairs(rows, store, json);
        Map<String, float[][]> acts = activations.of(tenant, layout, Comparisons.answers(pairs));
        int embedding = layout.indexOf(layout.embeddingLayer());
        CurrentModel model = current.get();
        List<Comparison> comparisons =
                Comparisons.of(pairs, key -> model.model().input().apply(acts.get(key)[embedding]));
        double[] start = store.theta(tenant, user)
                .filter(t -> t.modelVersion() == model.version())
                .map(LearningStore.ThetaRow::theta)
                .orElse(null);
        double[] theta = PalTrainer.fitUser(
                model.model().pal(), comparisons, start, properties.userSteps(), PalTrainer.Options.defaults());
        List<Double> weights = Arrays.stream(PalModel.weights(theta)).boxed().toList();
        List<String> eventIds = new ArrayList<>(
                rows.stream().map(LearningStore.FeedbackRow::eventId).toList());
        Boolean published = tx.execute(status -> {
            store.saveThetas(tenant, model.version(), Map.of(user, theta), Map.of(user, comparisons.size()));
            store.markLearned(tenant, user, eventIds);
            return events.userLearned(tenant, user, weights, model.version());
        });
        return Optional.of(new Outcome(weights, comparisons.size(), model.version(), Boolean.TRUE.equals(published)));
    }
}
