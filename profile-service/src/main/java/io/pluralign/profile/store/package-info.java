/** PostgreSQL persistence of profiles and the event outbox. */
package io.pluralign.profile.store;
