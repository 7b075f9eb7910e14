/** steering-service's Kafka side: profiles in (profile.changed, user.erased), generation.completed out. */
package io.pluralign.steering.events;
