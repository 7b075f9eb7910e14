package io.pluralign.trainer.config;

import io.pluralign.trainer.store.Leadership;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Beans of trainer-service that no auto-configuration provides. */
@Configuration(proxyBeanMethods = false)
class TrainerServiceConfig {

    /** Only one instance learns (see {@link Leadership}); it gives leadership up when it stops. */
    @Bean(destroyMethod = "close")
    Leadership leadership(DataSource dataSource) {
        return new Leadership(dataSource);
    }

    /**
     * Listener failures (the database or the broker away) are retried with back-off, 0.5 s doubling to 30 s, for as
     * long as they last; unusable events never throw, they go to the dead-letter topic.
     */
    @Bean
    DefaultErrorHandler kafkaErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
        backOff.setMaxInterval(30_000);
        return new DefaultErrorHandler(backOff);
    }
}
