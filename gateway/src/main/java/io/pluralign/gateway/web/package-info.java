/** Filters every request passes: request ids, API key authentication, rate limits, caller headers, problems. */
package io.pluralign.gateway.web;
