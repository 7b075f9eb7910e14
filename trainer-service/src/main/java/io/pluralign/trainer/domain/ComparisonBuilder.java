package io.pluralign.trainer.domain;

import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.GenerationCompleted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a user's feedback into pairwise comparisons of answers: a pairwise preference is one; ratings (and, apart,
 * thumbs) become pairs within the user, the higher-scored answer chosen, among their {@value #RATED_WINDOW} most
 * recent rated answers.
 */
public final class ComparisonBuilder {
    static final int RATED_WINDOW = 30;

    /** A stored feedback event, its payload read. */
    public record Item(String eventId, String userId, Feedback feedback) {}

    /** The user preferred {@code chosen} to {@code rejected}; {@code eventIds} are the feedback it comes from. */
    public record AnswerPair(String userId, Answer chosen, Answer rejected, List<String> eventIds) {}

    private record Scored(Answer answer, int score, String eventId) {}

    private ComparisonBuilder() {}

    /**
     * One feedback event with its answers resolved: a pairwise preference ({@code chosen} over {@code rejected}), or a
     * rating or thumbs of {@code rated} with its {@code score} (1-5, or 1 up and 0 down).
     */
    public record Judged(String eventId, String kind, Answer chosen, Answer rejected, Answer rated, int score) {}

    /**
     * The comparisons of one user's feedback, oldest first.
     *
     * @param generations the generations the feedback names, by id (all resolved)
     */
    public static List<AnswerPair> of(List<Item> items, Map<String, GenerationCompleted> generations) {
        List<Judged> judged = new ArrayList<>();
        for (Item item : items) {
            judged.add(resolve(item, generations));
        }
        return pairs(items.isEmpty() ? null : items.get(0).userId(), judged);
    }

    /**
     * An event with its answers resolved.
     *
     * @throws IllegalArgumentException when it names a generation not in {@code generations}
     */
    public static Judged resolve(Item item, Map<String, GenerationCompleted> generations) {
        Feedback f = item.feedback();
        if (f.kind() == null) {
            throw new IllegalArgumentException("feedback without a kind");
        }
        return switch (f.kind()) {
            case Feedback.PAIRWISE ->
                new Judged(
                        item.eventId(),
                        f.kind(),
                        answer(f, f.chosen(), generations),
                        answer(f, f.rejected(), generations),
                        null,
                        0);
            case Feedback.RATING ->
                new Judged(item.eventId(), f.kind(), null, null, answer(f, f.response(), generations), f.rating());
            case Feedback.THUMBS ->
                new Judged(
                        item.eventId(),
                        f.kind(),
                        null,
                        null,
                        answer(f, f.response(), generations),
                        Boolean.TRUE.equals(f.up()) ? 1 : 0);
            default -> throw new IllegalArgumentException("unknown feedback kind " + f.kind());
        };
    }

    /** The comparisons of a user's resolved feedback, oldest first. */
    public static List<AnswerPair> pairs(String user, List<Judged> judged) {
        List<AnswerPair> out = new ArrayList<>();
        List<Scored> ratings = new ArrayList<>();
        List<Scored> thumbs = new ArrayList<>();
        for (Judged j : judged) {
            switch (j.kind()) {
                case Feedback.PAIRWISE -> out.add(new AnswerPair(user, j.chosen(), j.rejected(), List.of(j.eventId())));
                case Feedback.RATING -> ratings.add(new Scored(j.rated(), j.score(), j.eventId()));
                default -> thumbs.add(new Scored(j.rated(), j.score(), j.eventId()));
            }
        }
        pairsWithin(user, ratings, out);
        pairsWithin(user, thumbs, out);
        return out;
    }

    private static void pairsWithin(String user, List<Scored> scored, List<AnswerPair> out) {
        List<Scored> recent = scored.subList(Math.max(0, scored.size() - RATED_WINDOW), scored.size());
        for (int i = 0; i < recent.size(); i++) {
            for (int j = i + 1; j < recent.size(); j++) {
                Scored a = recent.get(i);
                Scored b = recent.get(j);
                if (a.score() != b.score()
                        && !a.answer().key().equals(b.answer().key())) {
                    Scored hi = a.score() > b.score() ? a : b;
                    Scored lo = hi == a ? b : a;
                    out.add(new AnswerPair(user, hi.answer(), lo.answer(), List.of(hi.eventId(), lo.eventId())));
                }
            }
        }
    }

    private static Answer answer(Feedback f, Feedback.Answer a, Map<String, GenerationCompleted> generations) {
        if (a.generationId() != null && !a.generationId().isBlank()) {
            GenerationCompleted g = generations.get(a.generationId());
            if (g == null) {
                throw new IllegalArgumentException("generation " + a.generationId() + " is not known");
            }
            return of(g);
        }
        return new Answer(null, f.prompt(), a.text());
    }

    /** A served generation as an answer: its system message and its last user message (the whole prompt if raw). */
    public static Answer of(GenerationCompleted g) {
        String system = null;
        String prompt = "";
        for (GenerationCompleted.Message m : g.messages()) {
            if ("system".equals(m.role()) && system == null && !g.raw()) {
                system = m.content();
            } else if ("user".equals(m.role())) {
                prompt = m.content();
            }
        }
        return new Answer(system, prompt, g.response());
    }
}
