/** The rewards API: score answers and compare two, for a user. */
package io.pluralign.reward.api;
