/** The gateway's own HTTP API under {@code /v1/admin}: tenants and API keys. */
package io.pluralign.gateway.api;
