package io.pluralign.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.http.Role;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(50, 100, nanos::get);

    @Test
    void eachKeyHasItsOwnBucketOfTheDefaultSize() {
        Caller first = new Caller("acme", Role.APP, "aaaaaaaaaaaa", null);
        Caller second = new Caller("acme", Role.APP, "bbbbbbbbbbbb", null);
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire(first).allowed()).isTrue();
        }

        assertThat(limiter.tryAcquire(first).allowed()).isFalse();
        TokenBucket.Decision other = limiter.tryAcquire(second);
        assertThat(other.allowed()).isTrue();
        assertThat(other.limit()).isEqualTo(100);
        assertThat(other.remaining()).isEqualTo(99);
    }

    @Test
    void aKeysOwnRateKeepsTheDefaultBurstRatio() {
        assertThat(limiter.tryAcquire(new Caller("acme", Role.APP, "cccccccccccc", 5.0))
                        .limit())
                .isEqualTo(10);
        assertThat(limiter.tryAcquire(new Caller("acme", Role.APP, "dddddddddddd", 0.1))
                        .limit())
                .isEqualTo(1);
    }

    @Test
    void aChangedRateTakesEffectWithAFreshBucket() {
        Caller limited = new Caller("acme", Role.APP, "eeeeeeeeeeee", 0.5);
        assertThat(limiter.tryAcquire(limited).allowed()).isTrue();
        assertThat(limiter.tryAcquire(limited).allowed()).isFalse();

        Caller raised = new Caller("acme", Role.APP, "eeeeeeeeeeee", null);
        assertThat(limiter.tryAcquire(raised).allowed()).isTrue();
    }
}
