package io.pluralign.profile.domain;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.profile.ProfileDocument.PalWeights;
import io.pluralign.contracts.profile.ProfileDocument.Sources;
import io.pluralign.profile.events.ProfileEvents;
import io.pluralign.profile.store.ProfileStore;
import io.pluralign.profile.store.ProfileStore.VersionState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies trainer-service's learned PAL weights ({@code profile.learned}) a polled batch at a time. A batch is one
 * transaction of a fixed number of statements however many updates it holds: its users' rows are locked together, the
 * outcome of every update is decided in order in memory (a user's second update in the batch builds on the first), and
 * the consumed event ids, the new versions with their history rows and their {@code profile.changed} events are written
 * in one statement each. A failure applies none of it, and the retried batch applies each event once.
 *
 * <p>A manual change of {@code palWeights} after an update's {@code basedOnVersion} wins: the learner had not seen it,
 * and a person's explicit choice outranks an estimate from older feedback (the next learned update, based on the new
 * version, applies).
 */
@Service
public class LearnedProfiles {
    /** The history's actor and change name of learned versions. */
    public static final String LEARNED = "learned";
    /** The topic name recorded with each consumed event id. */
    private static final String CONSUMED_FROM = "profile.learned";

    private final ProfileStore store;
    private final ProfileEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;
    private final ProfileRules rules;

    public LearnedProfiles(
            ProfileStore store,
            ProfileEvents events,
            TransactionTemplate tx,
            Clock clock,
            JsonMapper json,
            ProfileRules rules) {
        this.store = store;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.json = json;
        this.rules = rules;
    }

    /** The number of preference prototypes of the user's tenant: how many weights an update must have. */
    public int prototypes(UserKey user) {
        return rules.prototypes(user.tenantId());
    }

    /**
     * trainer-service's learned PAL weights for a user.
     *
     * @param weights already checked: K non-negative weights summing to 1
     */
    public record LearnedUpdate(
            String eventId, UserKey user, long basedOnVersion, List<Double> weights, long rewardModelVersion) {}

    /** What became of a learned update. */
    public enum LearnedOutcome {
        APPLIED,
        /** The same event was applied before (a redelivery). */
        DUPLICATE,
        /** The user has no live profile (never had one, or erased it). */
        NO_PROFILE,
        /** The user asked for no personalization and no learning. */
        OPTED_OUT,
        /** Someone set the weights by hand after the version the learner started from; their choice stands. */
        SUPERSEDED_BY_MANUAL_CHANGE
    }

    /** Applies the updates in order, in one transaction; returns each one's outcome. */
    public List<LearnedOutcome> apply(List<LearnedUpdate> updates) {
        return tx.execute(status -> new Batch(updates).apply());
    }

    /** One batch inside its transaction. */
    private final class Batch {
        private final List<LearnedUpdate> updates;
        private final Map<UserKey, Long> earliestBase = new HashMap<>();
        /** Each user's latest version: locked from the store, then advanced by the updates applied so far. */
        private final Map<UserKey, VersionState> latest = new HashMap<>();
        /** Versions made by something other than learning, after the earliest basedOnVersion of the user's updates. */
        private final Map<UserKey, List<Long>> otherChanges;
        /** Of those, the ones that changed palWeights: read from the history once per user, when needed. */
        private final Map<UserKey, List<Long>> weightChangesByHand = new HashMap<>();

        private final Set<String> consumed;
        private final Instant now;

        Batch(List<LearnedUpdate> updates) {
            this.updates = updates;
            for (LearnedUpdate u : updates) {
                earliestBase.merge(u.user(), u.basedOnVersion(), Math::min);
            }
            // the locks first: an instance that consumed the same events before (a rebalance) has committed by then
            latest.putAll(store.lockVersions(earliestBase.keySet()));
            now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            otherChanges = store.versionsAfterNotBy(earliestBase, LEARNED);
            List<String> ids = updates.stream().map(LearnedUpdate::eventId).toList();
            consumed = new HashSet<>(store.consumedAmong(ids));
        }

        List<LearnedOutcome> apply() {
            List<LearnedOutcome> outcomes = new ArrayList<>(updates.size());
            // by event id, so that two batches sharing events insert them in the same order
            Map<String, String> outcomeOf = new TreeMap<>();
            List<Profile> applied = new ArrayList<>();
            for (LearnedUpdate update : updates) {
                if (!consumed.add(update.eventId())) {
                    outcomes.add(LearnedOutcome.DUPLICATE);
                    continue;
                }
                LearnedOutcome outcome = outcome(update);
                outcomeOf.put(update.eventId(), outcome.name());
                outcomes.add(outcome);
                if (outcome == LearnedOutcome.APPLIED) {
                    applied.add(next(update));
                }
            }
            if (store.markConsumed(outcomeOf, CONSUMED_FROM) != outcomeOf.size()) {
                // another consumer took some of them since we looked (events of users without a profile row, whom no
                // lock covers, during a rebalance); the batch is retried and finds them consumed
                throw new IllegalStateException("some of these profile.learned events were consumed concurrently");
            }
            store.addVersions(applied, LEARNED);
            events.changed(applied);
            return outcomes;
        }

        private LearnedOutcome outcome(LearnedUpdate update) {
            VersionState state = latest.get(update.user());
            if (state == null || state.erased()) {
                return LearnedOutcome.NO_PROFILE;
            }
            if (state.body().optOut()) {
                return LearnedOutcome.OPTED_OUT;
            }
            boolean changedByOthers = otherChanges.getOrDefault(update.user(), List.of()).stream()
                    .anyMatch(version -> version > update.basedOnVersion());
            // most often nothing but learning changed the profile since, and no profile needs reading
            if (changedByOthers
                    && weightChangesByHand.computeIfAbsent(update.user(), this::versionsChangingWeightsByHand).stream()
                            .anyMatch(version -> version > update.basedOnVersion())) {
                return LearnedOutcome.SUPERSEDED_BY_MANUAL_CHANGE;
            }
            return LearnedOutcome.APPLIED;
        }

        /** The update's weights as the user's next version; it becomes the latest for the updates after it. */
        private Profile next(LearnedUpdate update) {
            VersionState state = latest.get(update.user());
            ProfileDocument current = state.body();
            ProfileDocument body = new ProfileDocument(
                    current.bigFive(),
                    new PalWeights(update.weights(), Sources.LEARNED, update.rewardModelVersion()),
                    current.concepts(),
                    current.systemPreferences(),
                    current.safety(),
                    current.strength(),
                    current.optOut());
            Profile next = new Profile(update.user(), state.version() + 1, body, now, LEARNED);
            latest.put(update.user(), new VersionState(next.version(), false, body));
            return next;
        }

        /**
         * The stored versions since the user's earliest basedOnVersion in this batch that a change other than learning
         * made and that changed {@code palWeights} (each against the version before it).
         */
        private List<Long> versionsChangingWeightsByHand(UserKey user) {
            return ProfileService.entries(store.history(user, earliestBase.get(user)), json).stream()
                    .filter(entry -> !LEARNED.equals(entry.change())
                            && entry.changes().stream()
                                    .anyMatch(change -> change.path().startsWith("palWeights")))
                    .map(ProfileService.HistoryEntry::version)
                    .toList();
        }
    }
}
