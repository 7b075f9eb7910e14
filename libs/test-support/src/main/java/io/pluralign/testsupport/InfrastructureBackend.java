package io.pluralign.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Where the real PostgreSQL and Kafka come from: containers when Docker runs, embedded processes otherwise. */
interface InfrastructureBackend extends AutoCloseable {

    /** The server's maintenance database, for creating the per-class ones. */
    TestDatabase adminDatabase();

    TestDatabase database(String name);

    String kafkaBootstrapServers();

    @Override
    void close();

    static InfrastructureBackend start() {
        boolean docker = !"false".equals(System.getProperty("pluralign.test.docker")) && dockerAvailable();
        return docker ? Containers.start() : Embedded.start();
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** zonky's embedded PostgreSQL binaries and spring-kafka's in-JVM KRaft broker. */
    final class Embedded implements InfrastructureBackend {
        private final EmbeddedPostgres postgres;
        private final EmbeddedKafkaKraftBroker kafka;

        private Embedded(EmbeddedPostgres postgres, EmbeddedKafkaKraftBroker kafka) {
            this.postgres = postgres;
            this.kafka = kafka;
        }

        static Embedded start() {
            EmbeddedPostgres postgres;
            try {
                postgres = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
            kafka.brokerProperty("auto.create.topics.enable", "true");
            kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
            kafka.afterPropertiesSet();
            return new Embedded(postgres, kafka);
        }

        @Override
        public TestDatabase adminDatabase() {
            return database("postgres");
        }

        @Override
        public TestDatabase database(String name) {
            return new TestDatabase(postgres.getJdbcUrl("postgres", name), "postgres", "postgres");
        }

        @Override
        public String kafkaBootstrapServers() {
            return kafka.getBrokersAsString();
        }

        @Override
        public void close() {
            kafka.destroy();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Testcontainers' PostgreSQL and Apache Kafka (KRaft) images. */
    final class Containers implements InfrastructureBackend {
        private final PostgreSQLContainer postgres;
        private final KafkaContainer kafka;

        private Containers(PostgreSQLContainer postgres, KafkaContainer kafka) {
            this.postgres = postgres;
            this.kafka = kafka;
        }

        static Containers start() {
            PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:16-alpine");
            KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.1");
            postgres.start();
            kafka.start();
            return new Containers(postgres, kafka);
        }

        @Override
        public TestDatabase adminDatabase() {
            return new TestDatabase(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword());
        }

        @Override
        public TestDatabase database(String name) {
            String url = "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(5432) + "/" + name;
            return new TestDatabase(url, postgres.getUsername(), postgres.getPassword());
        }

        @Override
        public String kafkaBootstrapServers() {
            return kafka.getBootstrapServers();
        }

        @Override
        public void close() {
            kafka.stop();
            postgres.stop();
        }
    }
}
