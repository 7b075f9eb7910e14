package io.pluralign.gateway.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per API key, in this gateway instance's memory. A key with its own rate keeps the default
 * burst-to-rate ratio (at least one request of burst).
 */
public final class RateLimiter {
    private final double defaultRequestsPerSecond;
    private final int defaultBurst;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double defaultRequestsPerSecond, int defaultBurst, LongSupplier nanoTime) {
        // Validates the defaults the same way a bucket would.
        new TokenBucket(defaultRequestsPerSecond, defaultBurst, 0);
        this.defaultRequestsPerSecond = defaultRequestsPerSecond;
        this.defaultBurst = defaultBurst;
        this.nanoTime = nanoTime;
    }

    /** Counts one request of this caller against its key's bucket. */
    public TokenBucket.Decision tryAcquire(Caller caller) {
        double rate = caller.requestsPerSecond() == null ? defaultRequestsPerSecond : caller.requestsPerSecond();
        int burst = burstFor(rate);
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.compute(caller.keyId(), (id, existing) -> {
            boolean sameLimits = existing != null && existing.tokensPerSecond() == rate && existing.capacity() == burst;
            return sameLimits ? existing : new TokenBucket(rate, burst, now);
        });
        return bucket.tryConsume(now);
    }

    /** Drops a key's bucket, e.g. once the key is revoked. */
    public void forget(String keyId) {
        buckets.remove(keyId);
    }

    /** How many keys have a bucket now. */
    int trackedKeys() {
        return buckets.size();
    }

    private int burstFor(double rate) {
        if (rate == defaultRequestsPerSecond) {
            return defaultBurst;
        }
        return (int) Math.max(1, Math.round(rate * defaultBurst / defaultRequestsPerSecond));
    }
}
