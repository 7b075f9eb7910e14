package io.pluralign.trainer.domain;

import io.pluralign.alignment.pal.PalModel;
import io.pluralign.alignment.pal.PalTrainer;
import io.pluralign.alignment.pal.UserFit;
import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.servicekit.peer.PeerCallException;
import io.pluralign.trainer.config.LearningProperties;
import io.pluralign.trainer.events.LearnedEvents;
import io.pluralign.trainer.events.RejectedFeedback;
import io.pluralign.trainer.store.FeedbackStore;
import io.pluralign.trainer.store.Leadership;
import io.pluralign.trainer.store.LearningStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Online learning: every user with unlearned feedback gets their theta refitted on their recent comparisons with the
 * tenant's shared parameters frozen. It works a pass at a time over all unlearned feedback (oldest first), so a burst
 * of one user's events is one update, and it keeps what a pass needs in memory: each user's recent feedback with its
 * answers resolved, each answer's projection under the current model version, and each user's theta under it, from
 * which their next fit starts (fewer steps than a fit from scratch). A comparison then reduces to K+1 numbers ({@link
 * UserFit}), and an update costs well under a millisecond. A pass's thetas, their {@code
 * profile.learned} events and the marks that the feedback is learned commit in one transaction per tenant.
 */
@Component
public class UserLearning {
    /** Users whose history is kept in memory; the least recently learned are dropped (and read again if needed). */
    static final int CACHED_USERS = 100_000;

    private final LearningStore store;
    private final FeedbackStore feedback;
    private final AnswerActivations activations;
    private final LearnedEvents events;
    private final RejectedFeedback rejected;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final LearningProperties properties;
    private final LearningMetrics metrics;
    private final UserErasure erasure;
    private final Leadership leadership;
    /** The leadership term whose state is held in memory. */
    private long term = -1;

    /** tenant:user to their most recent resolved feedback, oldest first. */
    private final Map<String, Deque<ComparisonBuilder.Judged>> histories = lastUsed(CACHED_USERS);

    /**
     * Per tenant: the model version held, each answer's projection W e under it, and users' latest thetas under it
     * (the start of their next fit).
     */
    private final Map<String, Projections> projections = new java.util.concurrent.ConcurrentHashMap<>();

    private record Projections(CurrentModel model, Map<String, double[]> byAnswer, Map<String, double[]> thetas) {
        Projections(CurrentModel model) {
            this(model, new HashMap<>(), lastUsed(CACHED_USERS));
        }
    }

    /** A map that keeps at most {@code capacity} entries, dropping the least recently used. */
    private static <V> Map<String, V> lastUsed(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    public UserLearning(
            LearningStore store,
            FeedbackStore feedback,
            AnswerActivations activations,
            LearnedEvents events,
            RejectedFeedback rejected,
            TransactionTemplate tx,
            JsonMapper json,
            LearningProperties properties,
            LearningMetrics metrics,
            UserErasure erasure,
            Leadership leadership) {
        this.store = store;
        this.feedback = feedback;
        this.activations = activations;
        this.events = events;
        this.rejected = rejected;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
        this.metrics = metrics;
        this.erasure = erasure;
        this.leadership = leadership;
    }

    /**
     * One pass over up to {@code limit} unlearned events, after the erasures requested since the last pass (so none
     * interleaves with a pass); returns how many were learned (0: nothing to do, or only
     * tenants whose model is for another model than steering-service serves, which the next refit takes in).
     *
     * @throws PeerCallException when steering-service is away (the pass is repeated later)
     */
    public int learnPending(int limit) throws Exception {
        LearningMetrics.Laps laps = metrics.start();
        long terms = leadership.terms();
        if (terms != term) {
            // led by another instance meanwhile: what is held may be out of date (an erasure, say)
            histories.clear();
            projections.clear();
            erasure.lookNow();
            term = terms;
        }
        erasure.carryOut(this::forget);
        Map<String, List<LearningStore.UnlearnedRow>> byTenant = new LinkedHashMap<>();
        for (LearningStore.UnlearnedRow row : store.unlearned(limit)) {
            byTenant.computeIfAbsent(row.tenantId(), t -> new ArrayList<>()).add(row);
        }
        laps.lap(LearningMetrics.Phase.READ);
        int learned = 0;
        for (Map.Entry<String, List<LearningStore.UnlearnedRow>> tenant : byTenant.entrySet()) {
            learned += learnTenant(tenant.getKey(), tenant.getValue(), laps);
        }
        return learned;
    }

    /** Forgets what is held in memory for a tenant (after a refit made a new version). */
    public void forget(String tenant) {
        projections.remove(tenant);
    }

    /** Forgets what is held in memory of an erased user: their history and theta. */
    private void forget(String tenant, String user) {
        histories.remove(key(tenant, user));
        Projections held = projections.get(tenant);
        if (held != null) {
            held.thetas().remove(user);
        }
    }

    private int learnTenant(String tenant, List<LearningStore.UnlearnedRow> rows, LearningMetrics.Laps laps)
            throws Exception {
        Projections held = projectionsOf(tenant);
        AnswerActivations.Layout layout = activations.layout(tenant);
        if (held == null || !layout.modelKey().equals(held.model().modelKey())) {
            return 0;
        }
        Map<String, List<LearningStore.UnlearnedRow>> byUser = new LinkedHashMap<>();
        rows.forEach(
                r -> byUser.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r));
        remember(tenant, byUser);
        Map<String, List<ComparisonBuilder.AnswerPair>> pairs = new LinkedHashMap<>();
        // by key: an answer's texts are long, and the same answer recurs across users
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (String user : byUser.keySet()) {
            Deque<ComparisonBuilder.Judged> history = histories.get(key(tenant, user));
            List<ComparisonBuilder.AnswerPair> p = ComparisonBuilder.pairs(user, new ArrayList<>(history));
            pairs.put(user, p);
            p.forEach(pair -> {
                answers.putIfAbsent(pair.chosen().key(), pair.chosen());
                answers.putIfAbsent(pair.rejected().key(), pair.rejected());
            });
        }
        laps.lap(LearningMetrics.Phase.RESOLVE);
        try {
            project(tenant, layout, held, answers.values());
        } catch (PeerCallException e) {
            if (e.isTransient()) {
                throw e;
            }
            return rejectUnreadable(tenant, layout, held, byUser, pairs);
        }
        laps.lap(LearningMetrics.Phase.PROJECT);
        PalModel pal = held.model().model().pal();
        int k = pal.prototypeCount();
        PalTrainer.Options options = PalTrainer.Options.defaults();
        Map<String, double[]> thetas = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, List<ComparisonBuilder.AnswerPair>> user : pairs.entrySet()) {
            List<UserFit.Evidence> evidence = new ArrayList<>();
            for (ComparisonBuilder.AnswerPair p : user.getValue()) {
                evidence.add(UserFit.evidence(
                        pal,
                        held.byAnswer().get(p.chosen().key()),
                        held.byAnswer().get(p.rejected().key())));
            }
            double[] previous = held.thetas().get(user.getKey());
            thetas.put(
                    user.getKey(),
                    UserFit.fit(
                            evidence,
                            k,
                            previous,
                            previous == null ? properties.userSteps() : properties.userWarmSteps(),
                            PalTrainer.userDecay(options, evidence.size()),
                            PalTrainer.userRate(options)));
            counts.put(user.getKey(), evidence.size());
        }
        laps.lap(LearningMetrics.Phase.FIT);
        long version = held.model().version();
        List<Long> seqs = rows.stream().map(LearningStore.UnlearnedRow::seq).toList();
        Map<String, List<String>> feedbackIds = new HashMap<>();
        rows.forEach(r ->
                feedbackIds.computeIfAbsent(r.userId(), u -> new ArrayList<>()).add(r.eventId()));
        Boolean committed = tx.execute(status -> {
            store.lockTenant(tenant);
            if (store.latestVersion(tenant) != version) {
                return false; // a refit made a new version meanwhile: the next pass learns these users under it
            }
            store.saveThetas(tenant, version, thetas, counts);
            Map<String, List<Double>> weights = new LinkedHashMap<>();
            thetas.forEach((user, theta) -> weights.put(
                    user, Arrays.stream(PalModel.weights(theta)).boxed().toList()));
            events.usersLearned(tenant, weights, version, feedbackIds);
            if (store.dequeue(seqs) < seqs.size()) {
                // another instance erased or learned some of them: it led meanwhile
                status.setRollbackOnly();
                return false;
            }
            return true;
        });
        laps.lap(LearningMetrics.Phase.COMMIT);
        if (!Boolean.TRUE.equals(committed)) {
            return 0;
        }
        held.thetas().putAll(thetas);
        metrics.learned(rows.size(), thetas.size());
        rows.forEach(r -> metrics.learnedSince(r.receivedAt()));
        return rows.size();
    }

    /** The tenant's current model and the answer projections under it (kept while the version stays). */
    private Projections projectionsOf(String tenant) {
        long latest = store.latestVersion(tenant);
        Projections held = projections.get(tenant);
        if (held == null || held.model().version() != latest) {
            held = CurrentModel.load(store, json, tenant).map(Projections::new).orElse(null);
            if (held == null) {
                projections.remove(tenant);
            } else {
                projections.put(tenant, held);
            }
        }
        return held;
    }

    /**
     * Brings each user's history up to date: a user held in memory gets the new events appended; anyone else's recent
     * history is read from the store (it includes the new events). Events that cannot be resolved are rejected.
     */
    private void remember(String tenant, Map<String, List<LearningStore.UnlearnedRow>> byUser) throws Exception {
        List<String> cold = new ArrayList<>();
        List<LearningStore.FeedbackRow> fresh = new ArrayList<>();
        for (Map.Entry<String, List<LearningStore.UnlearnedRow>> user : byUser.entrySet()) {
            if (histories.containsKey(key(tenant, user.getKey()))) {
                user.getValue()
                        .forEach(r -> fresh.add(new LearningStore.FeedbackRow(r.eventId(), r.userId(), r.payload())));
            } else {
                cold.add(user.getKey());
            }
        }
        List<LearningStore.FeedbackRow> all = new ArrayList<>(fresh);
        if (!cold.isEmpty()) {
            all.addAll(store.histories(tenant, cold, properties.userHistory()));
        }
        Map<String, Feedback> parsed = new HashMap<>();
        Set<String> generationIds = new LinkedHashSet<>();
        for (LearningStore.FeedbackRow row : all) {
            Feedback f = json.readValue(row.payload(), Feedback.class);
            parsed.put(row.eventId(), f);
            for (Feedback.Answer a : Arrays.asList(f.chosen(), f.rejected(), f.response())) {
                if (a != null && a.generationId() != null && !a.generationId().isBlank()) {
                    generationIds.add(a.generationId());
                }
            }
        }
        Map<String, GenerationCompleted> generations = new HashMap<>();
        store.generations(generationIds)
                .forEach((id, payload) -> generations.put(id, json.readValue(payload, GenerationCompleted.class)));
        cold.forEach(user -> histories.put(key(tenant, user), new ArrayDeque<>()));
        for (LearningStore.FeedbackRow row : all) {
            Deque<ComparisonBuilder.Judged> history = histories.get(key(tenant, row.userId()));
            if (history.stream().anyMatch(j -> j.eventId().equals(row.eventId()))) {
                continue; // held already: a pass that did not commit (a new version, the model host away) meets it
                // again
            }
            try {
                history.addLast(ComparisonBuilder.resolve(
                        new ComparisonBuilder.Item(row.eventId(), row.userId(), parsed.get(row.eventId())),
                        generations));
            } catch (IllegalArgumentException e) {
                rejected.deadLetter(
                        feedback.reject(row.eventId(), "the feedback cannot be learned from: " + e.getMessage()));
            }
            while (history.size() > properties.userHistory()) {
                history.removeFirst();
            }
        }
    }

    /** Projects the answers not projected yet under the held model: their activations (read once), W e. */
    private void project(String tenant, AnswerActivations.Layout layout, Projections held, Collection<Answer> answers) {
        List<Answer> missing = answers.stream()
                .filter(a -> !held.byAnswer().containsKey(a.key()))
                .toList();
        if (missing.isEmpty()) {
            return;
        }
        Map<String, float[][]> acts = activations.of(tenant, layout, missing);
        int embedding = layout.indexOf(layout.embeddingLayer());
        var model = held.model().model();
        for (Answer a : missing) {
            held.byAnswer().put(a.key(), model.pal().project(model.input().apply(acts.get(a.key())[embedding])));
        }
    }

    /** The model refused some answer: each user's answers are tried alone, and users whose answers fail are rejected. */
    private int rejectUnreadable(
            String tenant,
            AnswerActivations.Layout layout,
            Projections held,
            Map<String, List<LearningStore.UnlearnedRow>> byUser,
            Map<String, List<ComparisonBuilder.AnswerPair>> pairs)
            throws Exception {
        for (String user : byUser.keySet()) {
            Map<String, Answer> answers = new LinkedHashMap<>();
            pairs.get(user).forEach(p -> {
                answers.putIfAbsent(p.chosen().key(), p.chosen());
                answers.putIfAbsent(p.rejected().key(), p.rejected());
            });
            try {
                project(tenant, layout, held, answers.values());
            } catch (PeerCallException e) {
                if (e.isTransient()) {
                    throw e;
                }
                histories.remove(key(tenant, user));
                rejected.deadLetter(feedback.rejectUnlearned(
                        tenant, user, "the model could not read an answer: " + e.getMessage()));
            }
        }
        return 0; // the next pass learns the rest
    }

    private static String key(String tenant, String user) {
        return tenant + ":" + user;
    }
}
