package io.pluralign.profile.domain;

import io.pluralign.profile.events.ProfileEvents;
import io.pluralign.profile.store.ProfileStore;
import io.pluralign.profile.store.ProfileStore.VersionState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads and writes profiles. Every change takes a row lock, checks the client's precondition against the locked
 * version, writes the new version and queues its event in one transaction: no lost update, no change without its
 * event.
 */
@Service
public class ProfileService {
    private static final int CREATE_ATTEMPTS = 3;

    private final ProfileStore store;
    private final ProfileEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ProfileService(ProfileStore store, ProfileEvents events, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /** The result of a write: the new version and whether it created the profile. */
    public record Written(Profile profile, boolean created) {}

    public Optional<Profile> find(UserKey user) {
        return store.find(user);
    }

    public Written put(UserKey user, ProfileBody body, Precondition precondition, String actor) {
        for (int attempt = 1; ; attempt++) {
            Written written = tx.execute(status -> tryPut(user, body, precondition, actor));
            if (written != null) {
                return written;
            }
            if (attempt == CREATE_ATTEMPTS) {
                throw new IllegalStateException("profile of " + user + " kept changing while being created");
            }
        }
    }

    /** Null when a concurrent writer created the profile between our read and insert; the caller retries. */
    private Written tryPut(UserKey user, ProfileBody body, Precondition precondition, String actor) {
        VersionState state = store.lockVersion(user).orElse(null);
        Long live = liveVersion(state);
        requireHolds(precondition, live, user);
        // versions continue across an erasure, so no ETag issued before it can match what comes after
        Profile next = new Profile(user, state == null ? 1 : state.version() + 1, body, now(), actor);
        if (state == null) {
            if (!store.insert(next)) {
                return null;
            }
        } else {
            store.update(next);
        }
        events.changed(next);
        return new Written(next, live == null);
    }

    /** Erases the profile's content; its version counter stays so that versions keep growing. */
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
