/**
 * What the gateway and the services agree on over HTTP: the headers the gateway sets, the signature that lets services
 * trust them, and the formats of API keys and request ids.
 */
package io.pluralign.contracts.http;
