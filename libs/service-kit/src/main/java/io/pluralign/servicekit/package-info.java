/** What every Pluralign service shares, wired by auto-configuration: gateway trust, request ids, problem+json, health. */
package io.pluralign.servicekit;
