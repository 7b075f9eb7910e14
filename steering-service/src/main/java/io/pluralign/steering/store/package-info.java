/** steering-service's tables: concept definitions and their vectors per model. */
package io.pluralign.steering.store;
