package io.pluralign.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsABurstThenRefusesWithRetryAfter() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);

        assertThat(bucket.tryConsume(0)).isEqualTo(new TokenBucket.Decision(true, 3, 2, 0));
        assertThat(bucket.tryConsume(0)).isEqualTo(new TokenBucket.Decision(true, 3, 1, 0));
        assertThat(bucket.tryConsume(0)).isEqualTo(new TokenBucket.Decision(true, 3, 0, 0));
        TokenBucket.Decision refused = bucket.tryConsume(0);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void refillsAtItsRateButNeverAboveCapacity() {
        TokenBucket bucket = new TokenBucket(2, 3, 0);
        for (int i = 0; i < 3; i++) {
            bucket.tryConsume(0);
        }

        assertThat(bucket.tryConsume(SECOND / 2).allowed()).isTrue(); // one token after half a second
        assertThat(bucket.tryConsume(SECOND / 2).allowed()).isFalse();

        // An hour idle fills the bucket to its capacity, not more.
        long later = SECOND / 2 + 3600 * SECOND;
        assertThat(bucket.tryConsume(later).remaining()).isEqualTo(2);
    }

    @Test
    void slowBucketsAskForALongerWait() {
        TokenBucket bucket = new TokenBucket(0.1, 1, 0);
        bucket.tryConsume(0);

        assertThat(bucket.tryConsume(0).retryAfterSeconds()).isEqualTo(10);
        assertThat(bucket.tryConsume(4 * SECOND).retryAfterSeconds()).isEqualTo(6);
    }

    @Test
    void refusesNonsenseLimits() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
