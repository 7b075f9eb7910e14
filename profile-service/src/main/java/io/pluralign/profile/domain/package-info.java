/** Profiles and their rules, free of HTTP and storage. */
package io.pluralign.profile.domain;
