/** steering-service settings and the engine it hosts. */
package io.pluralign.steering.config;
