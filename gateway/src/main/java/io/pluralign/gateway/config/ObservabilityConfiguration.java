package io.pluralign.gateway.config;

import io.micrometer.context.ContextRegistry;
import io.pluralign.gateway.web.RequestIdMdc;
import org.springframework.context.annotation.Configuration;

/**
 * Lets the request id follow a request into the log MDC. The gateway runs with
 * {@code spring.reactor.context-propagation=limited}: its own code that logs during a request puts the id in the
 * MDC explicitly ({@link RequestIdMdc#scope}), and Reactor restores registered values only in {@code handle} and
 * {@code tap}. Automatic propagation ({@code auto}) restored every registered thread local (the current observation
 * among them) on every signal of every request: in a profile of the gateway hop that was about 14 % of the event
 * loop's CPU samples and a quarter of its allocation (docs/benchmarks.md).
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {
    static {
        // Replaces an earlier registration under the same key, so a second application context does no harm.
        ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdMdc());
    }
}
