/** Publishing profile events to Kafka through the transactional outbox. */
package io.pluralign.profile.events;
