package io.pluralign.outbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox and its relay, for services that set {@code pluralign.outbox.enabled=true}. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@ConditionalOnProperty(name = "pluralign.outbox.enabled", havingValue = "true")
@EnableScheduling
public class OutboxAutoConfiguration {

    @Bean
    OutboxStore outboxStore(JdbcClient jdbc, Environment environment) {
        return new OutboxStore(jdbc, environment.getProperty("spring.application.name", "pluralign"));
    }

    /** Publishes right after each commit unless {@code pluralign.outbox.publish-on-commit=false} (then it polls). */
    @Bean(destroyMethod = "close")
    OutboxRelay outboxRelay(
            OutboxStore outbox, KafkaTemplate<String, String> kafka, TransactionTemplate tx, Environment environment) {
        OutboxRelay relay = new OutboxRelay(outbox, kafka, tx);
        if (environment.getProperty("pluralign.outbox.publish-on-commit", Boolean.class, true)) {
            outbox.afterCommit(relay::wake);
        }
        return relay;
    }
}
