package io.pluralign.gateway.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies presented API keys against the stored ones, keeping stored keys in memory for a while so that most
 * requests never reach the database. A revocation made through this instance takes effect at once; one made through
 * another gateway instance within the cache TTL.
 */
public final class ApiKeyAuthenticator {
    /** Above this many cached keys, expired ones are swept out on the next miss. */
    private static final int SWEEP_THRESHOLD = 10_000;

    private final ApiKeyRepository keys;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyRepository keys, Duration ttl, LongSupplier nanoTime) {
        this.keys = keys;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The outcome of presenting a key. */
    public sealed interface Result permits Authenticated, Rejected {}

    /** The key is valid and acts as {@code caller}. */
    public record Authenticated(Caller caller) implements Result {}

    /** The key is unknown, its secret is wrong, or it was revoked; {@code reason} is safe to show the client. */
    public record Rejected(String reason) implements Result {}

    /** True when {@link #authenticate} can answer for this key id without the database. */
    public boolean isCached(String keyId) {
        CachedKey cached = cache.get(keyId);
        return cached != null && !cached.isExpired(nanoTime.getAsLong());
    }

    /** Checks the key; blocks on the database unless the key id is cached. */
    public Result authenticate(ApiKeyToken token) {
        Optional<ApiKey> stored = lookup(token.keyId());
        if (stored.isEmpty() || !token.matches(stored.get().secretHash())) {
            return new Rejected("the API key is not valid");
        }
        if (stored.get().isRevoked()) {
            return new Rejected("the API key has been revoked");
        }
        return new Authenticated(stored.get().caller());
    }

    /** Forgets a key so that the next request re-reads it, e.g. right after revoking it. */
    public void evict(String keyId) {
        cache.remove(keyId);
    }

    private Optional<ApiKey> lookup(String keyId) {
        long now = nanoTime.getAsLong();
        CachedKey cached = cache.get(keyId);
        if (cached != null && !cached.isExpired(now)) {
            return Optional.of(cached.key());
        }
        if (cache.size() > SWEEP_THRESHOLD) {
            cache.values().removeIf(entry -> entry.isExpired(now));
        }
        Optional<ApiKey> stored = keys.find(keyId);
        // Unknown ids are not cached: anyone can invent them, and a cache of them would only grow.
        stored.ifPresent(key -> cache.put(keyId, new CachedKey(key, now + ttlNanos)));
        return stored;
    }

    private record CachedKey(ApiKey key, long expiresAtNanos) {
        boolean isExpired(long now) {
            return now - expiresAtNanos >= 0;
        }
    }
}
