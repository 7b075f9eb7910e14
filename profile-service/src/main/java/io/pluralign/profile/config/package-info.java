/** Settings of profile-service. */
package io.pluralign.profile.config;
