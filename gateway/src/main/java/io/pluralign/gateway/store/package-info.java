/** JDBC repositories over the gateway's own PostgreSQL schema {@code gateway}. */
package io.pluralign.gateway.store;
