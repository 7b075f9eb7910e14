/** Calls from one Pluralign service to another, signed like the gateway's forwarded requests. */
package io.pluralign.servicekit.peer;
