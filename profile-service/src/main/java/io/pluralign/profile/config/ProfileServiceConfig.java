package io.pluralign.profile.config;

import io.pluralign.profile.domain.ProfileRules;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Beans of profile-service that no auto-configuration provides. */
@Configuration(proxyBeanMethods = false)
class ProfileServiceConfig {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
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
