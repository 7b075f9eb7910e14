/** trainer-service's HTTP API: {@code POST /v1/feedback}, which publishes the same events apps may send to Kafka. */
package io.pluralign.trainer.api;
