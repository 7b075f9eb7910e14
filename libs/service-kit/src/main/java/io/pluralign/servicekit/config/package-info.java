/** Auto-configuration and settings of the service kit. */
package io.pluralign.servicekit.config;
