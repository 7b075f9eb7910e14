package io.pluralign.testsupport;

import java.util.Locale;
import java.util.UUID;

/**
 * What one test class gets: its own database, the shared Kafka broker, and a name prefix that keeps its topics and
 * consumer groups apart from other classes'.
 */
public final class TestInfrastructure {
    private final TestDatabase database;
    private final String kafkaBootstrapServers;
    private final String isolationPrefix;

    TestInfrastructure(TestDatabase database, String kafkaBootstrapServers, String isolationPrefix) {
        this.database = database;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.isolationPrefix = isolationPrefix;
    }

    public TestDatabase database() {
        return database;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** A name no other test class uses, for a topic or a consumer group: {@code <prefix>.<base>}. */
    public String unique(String base) {
        return isolationPrefix + "." + base;
    }

    /** A fresh random name, for when one class needs several. */
    public String random(String base) {
        return unique(base + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
    }

    public String isolationPrefix() {
        return isolationPrefix;
    }
}
