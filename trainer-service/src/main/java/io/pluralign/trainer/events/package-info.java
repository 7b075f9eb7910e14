/** trainer-service's Kafka side: feedback in (stored once, unusable events to the dead-letter topic). */
package io.pluralign.trainer.events;
