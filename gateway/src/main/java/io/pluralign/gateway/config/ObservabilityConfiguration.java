package io.pluralign.gateway.config;

import io.micrometer.context.ContextRegistry;
import io.pluralign.gateway.web.RequestIdMdc;
import org.springframework.context.annotation.Configuration;

/**
 * Lets the request id follow a request across threads into the log MDC. Reactor copies registered values between
 * its context and thread locals because {@code spring.reactor.context-propagation=auto}.
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {
    static {
        // Replaces an earlier registration under the same key, so a second application context does no harm.
        ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdMdc());
    }
}
