/**
 * Real infrastructure for integration tests: one PostgreSQL and one Kafka broker per test JVM (Testcontainers where a
 * Docker engine runs, embedded otherwise), with a fresh database and unique Kafka names for each test class.
 */
package io.pluralign.testsupport;
