package io.pluralign.profile.domain;

import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.contracts.profile.ProfileDocument.BigFive;
import io.pluralign.contracts.profile.ProfileDocument.Sources;
import io.pluralign.contracts.profile.ProfileDocument.Trait;
import io.pluralign.profile.events.ProfileEvents;
import io.pluralign.profile.store.ProfileStore;
import io.pluralign.profile.store.ProfileStore.VersionState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes profiles. Every change takes a row lock, checks the client's precondition against the locked
 * version, validates the new document against the locked one, writes the new version with its history row and queues
 * its event in one transaction: no lost update, no change without its history and event, nothing half-written.
 */
@Service
public class ProfileService {
    private static final int CREATE_ATTEMPTS = 3;

    private final ProfileStore store;
    private final ProfileEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final JsonMapper json;
    private final ProfileRules rules;

    public ProfileService(
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

    /** Who asks for a change: how history names them and whether they may change safety rules. */
    public record Writer(String actor, boolean admin) {}

    /** The result of a write: the new version and whether it created the profile. */
    public record Written(Profile profile, boolean created) {}

    /** One version in a profile's history and what changed from the version before it. */
    public record HistoryEntry(
            long version, Instant changedAt, String changedBy, String change, List<JsonMerge.Change> changes) {}

    public Optional<Profile> find(UserKey user) {
        return store.find(user);
    }

    /** Version {@code version} of the user's live profile. */
    public Optional<Profile> find(UserKey user, long version) {
        return tx.execute(
                status -> store.find(user).isEmpty() ? Optional.<Profile>empty() : store.version(user, version));
    }

    /** Creates or replaces the profile with {@code body} (fields left out take their defaults; safety stays). */
    public Written put(UserKey user, JsonNode body, Precondition precondition, Writer writer) {
        return write(new Request(
                user,
                precondition,
                writer,
                "put",
                false,
                (current, now, prototypes, admin) -> ProfileReader.read(body, current, now, prototypes, admin)));
    }

    /** Applies a JSON Merge Patch to the current profile ({@code "safety": null} clears the safety rules). */
    public Written patch(UserKey user, JsonNode patch, Precondition precondition, Writer writer) {
        return write(new Request(user, precondition, writer, "patch", true, (current, now, prototypes, admin) -> {
            JsonNode merged = JsonMerge.apply(json.valueToTree(current), patch);
            if (merged.isObject() && patch.has("safety") && patch.get("safety").isNull()) {
                ((ObjectNode) merged).putNull("safety"); // left out, it would mean "unchanged" to the reader
            }
            return ProfileReader.read(merged, current, now, prototypes, admin);
        }));
    }

    /**
     * Sets the Big Five from questionnaire scores (source {@code questionnaire}), creating the profile when the user has
     * none; every other field stays.
     */
    public Written answerQuestionnaire(
            UserKey user, Map<String, Double> scores, Precondition precondition, Writer writer) {
        return write(new Request(user, precondition, writer, "questionnaire", false, (current, now, k, admin) -> {
            BigFive bigFive = BigFive.of(BigFive.TRAITS.stream()
                    .map(trait -> new Trait(scores.get(trait), Sources.QUESTIONNAIRE, now))
                    .toList());
            return current == null
                    ? new ProfileDocument(bigFive, null, Map.of(), null, null, 1.0, false)
                    : new ProfileDocument(
                            bigFive,
                            current.palWeights(),
                            current.concepts(),
                            current.systemPreferences(),
                            current.safety(),
                            current.strength(),
                            current.optOut());
        }));
    }

    /** The new document, given the current one (null when none) and the rules of the moment. */
    private interface Proposal {
        ProfileDocument next(ProfileDocument current, Instant now, int prototypes, boolean admin);
    }

    /** A write as asked: {@code change} names its kind in the history; {@code mustExist} for patches. */
    private record Request(
            UserKey user,
            Precondition precondition,
            Writer writer,
            String change,
            boolean mustExist,
            Proposal proposal) {}

    private Written write(Request request) {
        for (int attempt = 1; ; attempt++) {
            Written written = tx.execute(status -> tryWrite(request));
            if (written != null) {
                return written;
            }
            if (attempt == CREATE_ATTEMPTS) {
                throw new IllegalStateException("profile of " + request.user() + " kept changing while being created");
            }
        }
    }

    /** Null when a concurrent writer created the profile between our read and insert; the caller retries. */
    private Written tryWrite(Request request) {
        UserKey user = request.user();
        VersionState state = store.lockVersion(user).orElse(null);
        Long live = liveVersion(state);
        if (request.mustExist() && live == null) {
            throw notFound(user);
        }
        requireHolds(request.precondition(), live, user);
        ProfileDocument current = live == null ? null : state.body();
        Instant now = now();
        ProfileDocument body = request.proposal()
                .next(
                        current,
                        now,
                        rules.prototypes(user.tenantId()),
                        request.writer().admin());
        // versions continue across an erasure, so no ETag issued before it can match what comes after
        Profile next = new Profile(
                user,
                state == null ? 1 : state.version() + 1,
                body,
                now,
                request.writer().actor());
        if (state == null) {
            if (!store.insert(next)) {
                return null;
            }
        } else {
            store.update(next);
        }
        store.addVersion(next, request.change());
        events.changed(next);
        return new Written(next, live == null);
    }

    /** Every version of the user's live profile, oldest first, each with its changes from the one before. */
    public List<HistoryEntry> history(UserKey user) {
        return tx.execute(status -> {
            if (store.find(user).isEmpty()) {
                throw notFound(user);
            }
            return entries(user);
        });
    }

    /** The stored versions, oldest first, each with its diff from the one before; the caller holds the transaction. */
    private List<HistoryEntry> entries(UserKey user) {
        return entries(store.history(user), json);
    }

    /** Each of these consecutive versions with its diff from the one before (the first one's from nothing). */
    static List<HistoryEntry> entries(List<ProfileStore.Version> versions, JsonMapper json) {
        List<HistoryEntry> entries = new ArrayList<>();
        JsonNode before = null;
        for (ProfileStore.Version v : versions) {
            JsonNode after = json.valueToTree(v.profile().body());
            entries.add(new HistoryEntry(
                    v.profile().version(),
                    v.profile().updatedAt(),
                    v.profile().updatedBy(),
                    v.change(),
                    JsonMerge.diff(before, after)));
            before = after;
        }
        return entries;
    }

    /** Everything this service stores about a user: the live profile and every version of it. */
    public record Export(Profile profile, List<ProfileStore.Version> versions) {}

    public Export export(UserKey user) {
        return tx.execute(
                status -> new Export(store.find(user).orElseThrow(() -> notFound(user)), store.history(user)));
    }

    /** A page of the tenant's profiles matching the filters (see {@link ProfileStore#list}). */
    public ProfileStore.Page list(
            String tenantId, List<ProfileStore.TraitRange> ranges, Integer prototype, int offset, int limit) {
        return store.list(tenantId, ranges, prototype, offset, limit);
    }

    /** Erases the profile's content and history; its version counter stays so that versions keep growing. */
    public void delete(UserKey user, Precondition precondition, String actor) {
        tx.executeWithoutResult(status -> {
            Long live = liveVersion(store.lockVersion(user).orElse(null));
            if (live == null) {
                throw notFound(user);
            }
            requireHolds(precondition, live, user);
            store.erase(user, live + 1, now(), actor);
            events.deleted(user, live + 1, actor);
        });
    }

    /** PostgreSQL keeps microseconds: a write answers with the same time a later read returns. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Long liveVersion(VersionState state) {
        return state == null || state.erased() ? null : state.version();
    }

    private static void requireHolds(Precondition precondition, Long live, UserKey user) {
        if (!precondition.holds(live)) {
            throw new ProfileProblem.PreconditionFailed(
                    live == null
                            ? "user " + user.userId() + " has no profile"
                            : "the profile of user " + user.userId() + " is at version " + live
                                    + "; fetch it again and retry with If-Match: " + ETags.of(live));
        }
    }

    public static ProfileProblem notFound(UserKey user) {
        return new ProfileProblem.NotFound(user);
    }
}
