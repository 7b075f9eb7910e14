package io.pluralign.profile.config;

import io.pluralign.profile.domain.ProfileRules;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Beans of profile-service that no auto-configuration provides. */
@Configuration(proxyBeanMethods = false)
class ProfileServiceConfig {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Listener failures (the database or the broker away) are retried with back-off, 0.5 s doubling to 30 s, for as
     * long as they last: an event is never skipped for a transient error. Unusable events never throw; they go to a
     * dead-letter topic.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }

    /** K per tenant: {@code pluralign.profile.prototypes} (default 4) and {@code pluralign.profile.tenant-prototypes.<tenant>}. */
    @Bean
    ProfileRules profileRules(Environment environment) {
        int prototypes = environment.getProperty("pluralign.profile.prototypes", Integer.class, 4);
        Map<String, Integer> perTenant = Binder.get(environment)
                .bind("pluralign.profile.tenant-prototypes", Bindable.mapOf(String.class, Integer.class))
                .orElse(Map.of());
        return new ProfileRules(prototypes, perTenant);
    }
}
