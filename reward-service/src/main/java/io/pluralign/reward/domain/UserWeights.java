package io.pluralign.reward.domain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Each user's PAL weights as their latest profile has them (from the compacted {@code profile.changed} topic). */
@Component
public class UserWeights {

    /** A user's weights at a profile version, and where they came from ({@code learned} or {@code seeded}). */
    public record Held(long profileVersion, List<Double> weights, String source) {}

    private final Map<String, Held> byUser = new ConcurrentHashMap<>();

    /** Takes a newer profile version's weights (null weights: the user has none). */
    public void update(String tenant, String user, long version, List<Double> weights, String source) {
        byUser.compute(key(tenant, user), (k, held) -> {
            if (held != null && held.profileVersion() >= version) {
                return held;
            }
            return new Held(version, weights == null ? null : List.copyOf(weights), source);
        });
    }

    public void remove(String tenant, String user, long version) {
        byUser.computeIfPresent(key(tenant, user), (k, held) -> held.profileVersion() <= version ? null : held);
    }

    public Optional<Held> find(String tenant, String user) {
        return Optional.ofNullable(byUser.get(key(tenant, user))).filter(h -> h.weights() != null);
    }

    private static String key(String tenant, String user) {
        return tenant + ":" + user;
    }
}
