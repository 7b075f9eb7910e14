package io.pluralign.trainer.domain;

import io.pluralign.alignment.pal.Comparison;
import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.trainer.store.LearningStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/** Stored feedback read back as comparisons of answers, and those answers' embeddings as the reward model sees them. */
final class Comparisons {
    private Comparisons() {}

    /** The answer pairs of these feedback rows (one user's, or a whole tenant's grouped by user). */
    static List<ComparisonBuilder.AnswerPair> pairs(
            List<LearningStore.FeedbackRow> rows, LearningStore store, JsonMapper json) {
        Map<String, List<ComparisonBuilder.Item>> byUser = new java.util.LinkedHashMap<>();
        Set<String> generationIds = new LinkedHashSet<>();
        for (LearningStore.FeedbackRow row : rows) {
            Feedback f = json.readValue(row.payload(), Feedback.class);
            for (Feedback.Answer a : java.util.Arrays.asList(f.chosen(), f.rejected(), f.response())) {
                if (a != null && a.generationId() != null && !a.generationId().isBlank()) {
                    generationIds.add(a.generationId());
                }
            }
            byUser.computeIfAbsent(row.userId(), u -> new ArrayList<>())
                    .add(new ComparisonBuilder.Item(row.eventId(), row.userId(), f));
        }
        Map<String, GenerationCompleted> generations = new java.util.HashMap<>();
        store.generations(generationIds)
                .forEach((id, payload) -> generations.put(id, json.readValue(payload, GenerationCompleted.class)));
        List<ComparisonBuilder.AnswerPair> out = new ArrayList<>();
        byUser.values().forEach(items -> out.addAll(ComparisonBuilder.of(items, generations)));
        return out;
    }

    /** Every answer of these pairs. */
    static List<Answer> answers(List<ComparisonBuilder.AnswerPair> pairs) {
        List<Answer> out = new ArrayList<>();
        for (ComparisonBuilder.AnswerPair p : pairs) {
            out.add(p.chosen());
            out.add(p.rejected());
        }
        return out;
    }

    /** The pairs as comparisons of embeddings ({@code embed} maps an answer key to its embedding). */
    static List<Comparison> of(List<ComparisonBuilder.AnswerPair> pairs, Function<String, double[]> embed) {
        List<Comparison> out = new ArrayList<>(pairs.size());
        for (ComparisonBuilder.AnswerPair p : pairs) {
            out.add(new Comparison(
                    p.userId(),
                    embed.apply(p.chosen().key()),
                    embed.apply(p.rejected().key())));
        }
        return out;
    }
}
