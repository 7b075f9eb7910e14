/** Configuration properties, routes and bean wiring of the gateway. */
package io.pluralign.gateway.config;
