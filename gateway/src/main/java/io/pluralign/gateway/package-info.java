/** The Pluralign gateway application. */
package io.pluralign.gateway;
