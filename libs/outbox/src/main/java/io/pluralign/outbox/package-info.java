/**
 * The transactional outbox every service that publishes events uses: records written in the transaction of the change
 * they describe, relayed to Kafka in order and marked published only once the broker acknowledged them.
 */
package io.pluralign.outbox;
