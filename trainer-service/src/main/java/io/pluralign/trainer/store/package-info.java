/** trainer-service's tables: feedback as received. */
package io.pluralign.trainer.store;
