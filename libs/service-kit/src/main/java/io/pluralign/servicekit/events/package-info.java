/** What services share about consuming events: dead-letter topics. */
package io.pluralign.servicekit.events;
