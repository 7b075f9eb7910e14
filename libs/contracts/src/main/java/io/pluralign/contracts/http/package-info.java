/** HTTP headers the gateway sets for services, and the signature that lets services trust them. */
package io.pluralign.contracts.http;
