/** Personality: the IPIP 50-item Big Five questionnaire and its scoring. */
package io.pluralign.alignment.personality;
