package io.pluralign.steering.domain;

import io.pluralign.contracts.profile.ProfileDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Every user's current profile as this instance last heard it on {@code profile.changed} (replayed from the start of
 * the compacted topic at each start). Versions only grow: an older event than the one held is ignored.
 */
@Component
public class ProfileDirectory {

    /** A profile at a version. */
    public record Snapshot(long version, ProfileDocument profile) {}

    private final Map<String, Snapshot> profiles = new ConcurrentHashMap<>();
    private final Map<String, Long> erasedAt = new ConcurrentHashMap<>();

    public Optional<Snapshot> find(String tenant, String user) {
        return Optional.ofNullable(profiles.get(key(tenant, user)));
    }

    /** Takes a newer version; returns whether it changed anything. */
    public boolean update(String tenant, String user, long version, ProfileDocument profile) {
        String key = key(tenant, user);
        boolean[] changed = {false};
        profiles.compute(key, (k, held) -> {
            if (held != null && held.version() >= version) {
                return held;
            }
            Long erased = erasedAt.get(k);
            if (erased != null && erased >= version) {
                return held;
            }
            changed[0] = true;
            return new Snapshot(version, profile);
        });
        return changed[0];
    }

    /** Forgets the user's profile up to {@code version} (a deletion; a later re-creation has a higher version). */
    public void remove(String tenant, String user, long version) {
        String key = key(tenant, user);
        erasedAt.merge(key, version, Math::max);
        profiles.computeIfPresent(key, (k, held) -> held.version() <= version ? null : held);
    }

    /** The palWeights of every user of {@code tenant} whose weights were learned from their feedback. */
    public List<List<Double>> learnedWeights(String tenant) {
        String prefix = tenant + ":";
        List<List<Double>> out = new ArrayList<>();
        profiles.forEach((key, snapshot) -> {
            ProfileDocument.PalWeights pal = snapshot.profile().palWeights();
            if (key.startsWith(prefix) && pal != null && ProfileDocument.Sources.LEARNED.equals(pal.source())) {
                out.add(pal.weights());
            }
        });
        return out;
    }

    public int size() {
        return profiles.size();
    }

    private static String key(String tenant, String user) {
        return tenant + ":" + user;
    }
}
