package io.pluralign.reward.domain;

import io.pluralign.alignment.pal.PalModel;
import io.pluralign.alignment.pal.RewardModel;
import io.pluralign.alignment.pal.Standardizer;
import io.pluralign.contracts.events.RewardModelUpdated;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The reward model each tenant is served with: the highest version {@code reward-model.updated} announced. A new
 * version replaces the old one in one step; a request already scoring keeps the version it started with, so a reload
 * drops no request.
 */
@Component
public class RewardModels {

    /** A tenant's served version: the model, what its embeddings are, and the event it came from. */
    public record Served(long version, String modelKey, int embeddingLayer, RewardModel model) {}

    private final Map<String, Served> byTenant = new ConcurrentHashMap<>();

    /**
     * Serves a version if it is newer than the one served; returns whether it was.
     *
     * @throws IllegalArgumentException when the event's parameters do not make a model
     */
    public boolean update(RewardModelUpdated event) {
        RewardModel model = new RewardModel(
                new Standardizer(event.centreVector(), event.scale()),
                new PalModel(event.projectionMatrix(), event.prototypeMatrix()));
        Served next = new Served(event.version(), event.model(), event.embeddingLayer(), model);
        boolean[] taken = {false};
        byTenant.compute(event.tenantId(), (tenant, held) -> {
            if (held != null && held.version() >= next.version()) {
                return held;
            }
            taken[0] = true;
            return next;
        });
        return taken[0];
    }

    public Optional<Served> find(String tenant) {
        return Optional.ofNullable(byTenant.get(tenant));
    }
}
