package io.pluralign.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealInfrastructure
class RealInfrastructureTest {

    /** Stands for a second test class. */
    static final class AnotherTestClass {}

    @Test
    void eachTestClassGetsItsOwnRealDatabase(TestInfrastructure mine) throws SQLException {
        TestInfrastructure theirs = SharedInfrastructure.get().forClass(AnotherTestClass.class);
        assertThat(theirs.database().jdbcUrl()).isNotEqualTo(mine.database().jdbcUrl());
        assertThat(theirs.isolationPrefix()).isNotEqualTo(mine.isolationPrefix());

        try (Connection connection = mine.database().connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id INT PRIMARY KEY)");
            statement.execute("INSERT INTO only_here VALUES (1)");
        }
        try (Connection connection = theirs.database().connect();
                Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM only_here"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("only_here");
        }
    }

    @Test
    void theSameClassAlwaysGetsTheSameSlice(TestInfrastructure first) {
        assertThat(SharedInfrastructure.get().forClass(RealInfrastructureTest.class))
                .isSameAs(first);
    }

    @Test
    void kafkaIsARealBroker(TestInfrastructure infra) throws Exception {
        String topic = infra.unique("probe");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        }
        try (TopicProbe probe = TopicProbe.fromBeginning(infra.kafkaBootstrapServers(), topic)) {
            assertThat(probe.await(r -> "k".equals(r.key()), 1, Duration.ofSeconds(20)))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("hello"));
        }
    }
}
