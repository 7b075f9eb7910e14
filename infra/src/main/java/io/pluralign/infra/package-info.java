/**
 * The local launcher: {@link io.pluralign.infra.Platform} starts PostgreSQL, a Kafka broker, the topics, every
 * service and the gateway on one machine; {@link io.pluralign.infra.Launcher} is its command line.
 */
package io.pluralign.infra;
