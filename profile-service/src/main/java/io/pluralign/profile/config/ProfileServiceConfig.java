package io.pluralign.profile.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of profile-service that no auto-configuration provides. */
@Configuration(proxyBeanMethods = false)
class ProfileServiceConfig {
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
