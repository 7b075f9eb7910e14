/** What steering-service applied to a generation, as its API responses and {@code generation.completed} report it. */
package io.pluralign.contracts.steering;
