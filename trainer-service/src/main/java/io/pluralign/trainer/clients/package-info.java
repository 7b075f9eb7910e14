/** Calls to the platform's other services. */
package io.pluralign.trainer.clients;
