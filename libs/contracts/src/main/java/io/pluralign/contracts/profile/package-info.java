/** Shared vocabulary of profiles: the concept ids that sliders and safety rules refer to. */
package io.pluralign.contracts.profile;
