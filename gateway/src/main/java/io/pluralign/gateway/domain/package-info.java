/** Tenants, API keys, their verification, rate limits and the rules of administering them; no HTTP, no SQL. */
package io.pluralign.gateway.domain;
