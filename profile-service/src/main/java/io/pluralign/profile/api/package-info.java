/** REST endpoints for profiles. */
package io.pluralign.profile.api;
