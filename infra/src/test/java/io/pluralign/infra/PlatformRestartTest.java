package io.pluralign.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pluralign.contracts.events.Topics;
import io.pluralign.infra.internal.PortCheck;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole platform as the launcher runs it (embedded PostgreSQL and Kafka), stopped and started again. */
class PlatformRestartTest {

    @TempDir
    Path root;

    @Test
    void aSecondStartAfterAStopKeepsDatabaseRecordsAndSecrets() throws Exception {
        FakeApps.install(root);
        LaunchConfig.Builder builder = LaunchConfig.builder(root)
                .optJvmOpts(List.of("-Xmx48m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"))
                .optPostgresPort(PortCheck.resolve(0))
                .optKafkaPorts(PortCheck.resolve(0), PortCheck.resolve(0));
        for (App app : App.values()) {
            builder.optPort(app, PortCheck.resolve(0));
        }
        LaunchConfig config = builder.build();

        String adminKey;
        String trustSecret;
        try (Platform platform = Platform.start(config)) {
            adminKey = platform.bootstrapAdminKey();
            trustSecret = platform.trustSecret();
            assertThat(platform.bootstrapAdminKeyCreated()).isTrue();
            assertThat(platform.jdbcUrl())
                    .isEqualTo("jdbc:postgresql://localhost:" + config.postgresPort() + "/pluralign");
            try (Connection connection = connect(platform);
                    Statement sql = connection.createStatement()) {
                sql.execute("CREATE TABLE note (text text)");
                sql.execute("INSERT INTO note VALUES ('kept')");
            }
            try (KafkaProducer<String, String> producer = producer(platform.kafkaBootstrapServers())) {
                producer.send(new ProducerRecord<>(Topics.FEEDBACK, "t:u-42", "liked it"))
                        .get();
            }
        }
        assertThat(PlatformTest.processesUnder(root)).as("nothing left running").isEmpty();
        assertThat(PortCheck.isFree(config.postgresPort())).isTrue();
        assertThat(PortCheck.isFree(config.kafkaPort())).isTrue();

        try (Platform platform = Platform.start(config)) {
            assertThat(platform.bootstrapAdminKey()).isEqualTo(adminKey);
            assertThat(platform.bootstrapAdminKeyCreated()).isFalse();
            assertThat(platform.trustSecret()).isEqualTo(trustSecret);
            try (Connection connection = connect(platform);
                    Statement sql = connection.createStatement();
                    ResultSet rows = sql.executeQuery("SELECT text FROM note")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("kept");
            }
            assertThat(feedbackValues(platform.kafkaBootstrapServers())).contains("liked it");
            assertThat(Banner.render(platform))
                    .contains(platform.gatewayUrl())
                    .contains(platform.consoleUrl())
                    .contains(platform.logsDir().toString())
                    .doesNotContain(adminKey)
                    .contains("$(cat " + platform.bootstrapAdminKeyFile() + ")");
        }
        assertThat(PlatformTest.processesUnder(root)).isEmpty();
        assertThat(root.resolve("var/logs/postgres.log")).exists();
        assertThat(root.resolve("var/logs/kafka.log")).content().containsOnlyOnce("Formatting");
    }

    private static Connection connect(Platform platform) throws Exception {
        return DriverManager.getConnection(platform.jdbcUrl(), platform.jdbcUser(), platform.jdbcPassword());
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> feedbackValues(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.FEEDBACK).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            java.util.ArrayList<String> values = new java.util.ArrayList<>();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                records.forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }
}
