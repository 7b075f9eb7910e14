/** HTTP edge of a service: who the caller is (verified gateway headers), request ids in logs, RFC 9457 errors. */
package io.pluralign.servicekit.web;
