package io.pluralign.gateway.domain;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Verifies presented API keys against the stored ones, keeping stored keys in memory for a while so that most
 * requests never reach the database. Key ids that are not stored are remembered for the same while (up to a bound), so
 * that a client repeating an invented or deleted key does not cost a query each time. A revocation made through this
 * instance takes effect at once; one made through another gateway instance within the cache TTL.
 */
public final class ApiKeyAuthenticator {
    /** How many unknown key ids are remembered at most; anyone can invent them, so the number must be bounded. */
    public static final int DEFAULT_MAX_UNKNOWN_IDS = 10_000;

    /** Above this many cached keys, expired ones are swept out on the next miss. */
    private static final int SWEEP_THRESHOLD = 10_000;

    private final ApiKeyRepository keys;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final int maxUnknownIds;
    private final Map<String, CachedKey> cache = new ConcurrentHashMap<>();
    /** Key id to the nanoTime until which it is known not to be stored. */
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();

    public ApiKeyAuthenticator(ApiKeyRepository keys, Duration ttl, LongSupplier nanoTime) {
        this(keys, ttl, nanoTime, DEFAULT_MAX_UNKNOWN_IDS);
    }

    public ApiKeyAuthenticator(ApiKeyRepository keys, Duration ttl, LongSupplier nanoTime, int maxUnknownIds) {
        if (maxUnknownIds < 0) {
            throw new IllegalArgumentException("maxUnknownIds must not be negative, got " + maxUnknownIds);
        }
        this.keys = keys;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        this.maxUnknownIds = maxUnknownIds;
    }

    /** The outcome of presenting a key. */
    public sealed interface Result permits Authenticated, Rejected {}

    /** The key is valid and acts as {@code caller}. */
    public record Authenticated(Caller caller) implements Result {}

    /** The key is unknown, its secret is wrong, or it was revoked; {@code reason} is safe to show the client. */
    public record Rejected(String reason) implements Result {}

    /**
     * Checks the key from memory alone and never blocks: empty when only the database can tell, in which case call
     * {@link #authenticate} off the event loop.
     */
    public Optional<Result> authenticateFromCache(ApiKeyToken token) {
        long now = nanoTime.getAsLong();
        CachedKey cached = cache.get(token.keyId());
        if (cached != null && !cached.isExpired(now)) {
            return Optional.of(check(token, Optional.of(cached.key())));
        }
        if (isKnownUnknown(token.keyId(), now)) {
            return Optional.of(check(token, Optional.empty()));
        }
        return Optional.empty();
    }

    /** Checks the key; blocks on the database unless the answer is in memory. */
    public Result authenticate(ApiKeyToken token) {
        return authenticateFromCache(token).orElseGet(() -> check(token, load(token.keyId())));
    }

    /** Forgets what is cached about a key id, e.g. right after revoking or creating it. */
    public void evict(String keyId) {
        cache.remove(keyId);
        unknown.remove(keyId);
    }

    private static Result check(ApiKeyToken token, Optional<ApiKey> stored) {
        if (stored.isEmpty() || !token.matches(stored.get().secretHash())) {
            return new Rejected("the API key is not valid");
        }
        if (stored.get().isRevoked()) {
            return new Rejected("the API key has been revoked");
        }
        return new Authenticated(stored.get().caller());
    }

    private boolean isKnownUnknown(String keyId, long now) {
        Long until = unknown.get(keyId);
        if (until == null) {
            return false;
        }
        if (now - until >= 0) {
            unknown.remove(keyId, until);
            return false;
        }
        return true;
    }

    private Optional<ApiKey> load(String keyId) {
        long now = nanoTime.getAsLong();
        Optional<ApiKey> stored = keys.find(keyId);
        if (stored.isPresent()) {
            if (cache.size() > SWEEP_THRESHOLD) {
                cache.values().removeIf(entry -> entry.isExpired(now));
            }
            cache.put(keyId, new CachedKey(stored.get(), now + ttlNanos));
            unknown.remove(keyId);
        } else {
            rememberUnknown(keyId, now);
        }
        return stored;
    }

    private void rememberUnknown(String keyId, long now) {
        if (maxUnknownIds == 0) {
            return;
        }
        if (unknown.size() >= maxUnknownIds) {
            unknown.values().removeIf(until -> now - until >= 0);
        }
        // Still full (a flood of invented ids): drop arbitrary entries, so that the newest id is remembered.
        Iterator<String> remembered = unknown.keySet().iterator();
        while (unknown.size() >= maxUnknownIds && remembered.hasNext()) {
            remembered.next();
            remembered.remove();
        }
        unknown.put(keyId, now + ttlNanos);
    }

    /** How many unknown key ids are remembered now; for tests and metrics. */
    int unknownIdsRemembered() {
        return unknown.size();
    }

    private record CachedKey(ApiKey key, long expiresAtNanos) {
        boolean isExpired(long now) {
            return now - expiresAtNanos >= 0;
        }
    }
}
