package io.pluralign.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import reactor.util.context.Context;

/** Blocking work runs off the calling thread and logs under the request's id. */
class BlockingTest {
    @Test
    void runsOnTheBoundedElasticSchedulerWithTheRequestIdInTheMdc() {
        List<String> seen = Blocking.call(() -> List.of(Thread.currentThread().getName(), MDC.get(RequestIdMdc.KEY)))
                .contextWrite(Context.of(RequestIdMdc.KEY, "req-42"))
                .block();

        assertThat(seen.get(0)).startsWith("boundedElastic");
        assertThat(seen.get(1)).isEqualTo("req-42");
    }

    @Test
    void aScopeRestoresTheIdItReplaced() {
        try (RequestIdMdc.Scope outer = RequestIdMdc.scope("outer")) {
            try (RequestIdMdc.Scope inner = RequestIdMdc.scope("inner")) {
                assertThat(MDC.get(RequestIdMdc.KEY)).isEqualTo("inner");
            }
            assertThat(MDC.get(RequestIdMdc.KEY)).isEqualTo("outer");
        }
        assertThat(MDC.get(RequestIdMdc.KEY)).isNull();
    }
}
