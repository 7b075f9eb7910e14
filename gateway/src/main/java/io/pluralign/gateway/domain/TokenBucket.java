package io.pluralign.gateway.domain;

/**
 * A token bucket: holds at most {@code capacity} tokens, refilled continuously at {@code tokensPerSecond}; each
 * request takes one. Thread-safe.
 */
public final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double tokensPerSecond;
    private final int capacity;
    private double tokens;
    private long lastRefillNanos;

    /** A full bucket. */
    public TokenBucket(double tokensPerSecond, int capacity, long nowNanos) {
        if (!(tokensPerSecond > 0) || Double.isInfinite(tokensPerSecond)) {
            throw new IllegalArgumentException("tokensPerSecond must be positive, was " + tokensPerSecond);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.tokensPerSecond = tokensPerSecond;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    /**
     * What happened to one request.
     *
     * @param allowed whether it may proceed
     * @param limit the bucket's capacity
     * @param remaining whole tokens left after it
     * @param retryAfterSeconds when refused, how long until a token is available (at least 1); else 0
     */
    public record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {}

    /** Takes a token if there is one. */
    public synchronized Decision tryConsume(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return new Decision(true, capacity, (int) Math.floor(tokens), 0);
        }
        double secondsToNextToken = (1 - tokens) / tokensPerSecond;
        long retryAfter = Math.max(1, (long) Math.ceil(secondsToNextToken));
        return new Decision(false, capacity, 0, retryAfter);
    }

    public double tokensPerSecond() {
        return tokensPerSecond;
    }

    public int capacity() {
        return capacity;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed / NANOS_PER_SECOND * tokensPerSecond);
            lastRefillNanos = nowNanos;
        }
    }
}
