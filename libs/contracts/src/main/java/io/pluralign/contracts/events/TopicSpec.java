package io.pluralign.contracts.events;

import java.util.Objects;

/**
 * A Kafka topic as the platform creates it.
 *
 * @param name topic name
 * @param partitions partition count; events are keyed by {@code tenant:user}, so this bounds consumer parallelism
 * @param compacted whether the topic keeps only the latest record per key
 */
public record TopicSpec(String name, int partitions, boolean compacted) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
    }
}
