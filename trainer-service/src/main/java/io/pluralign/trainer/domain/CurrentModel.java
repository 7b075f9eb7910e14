package io.pluralign.trainer.domain;

import io.pluralign.alignment.pal.PalModel;
import io.pluralign.alignment.pal.RewardModel;
import io.pluralign.alignment.pal.Standardizer;
import io.pluralign.contracts.events.RewardModelUpdated;
import io.pluralign.trainer.store.LearningStore;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** A tenant's latest reward model version, ready to score and fit with. */
record CurrentModel(long version, String modelKey, int feedbackCount, RewardModelUpdated event, RewardModel model) {

    static Optional<CurrentModel> load(LearningStore store, JsonMapper json, String tenant) {
        return store.latestModel(tenant).map(row -> {
            RewardModelUpdated event = json.readValue(row.payload(), RewardModelUpdated.class);
            return new CurrentModel(row.version(), row.modelKey(), row.feedbackCount(), event, of(event));
        });
    }

    static RewardModel of(RewardModelUpdated event) {
        return new RewardModel(
                new Standardizer(event.centreVector(), event.scale()),
                new PalModel(event.projectionMatrix(), event.prototypeMatrix()));
    }
}
