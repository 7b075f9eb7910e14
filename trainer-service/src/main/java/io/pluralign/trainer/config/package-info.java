/** trainer-service's beans that no auto-configuration provides. */
package io.pluralign.trainer.config;
