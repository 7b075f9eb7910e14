/** Kafka topics, CloudEvents envelope and the payload records carried on each topic. */
package io.pluralign.contracts.events;
