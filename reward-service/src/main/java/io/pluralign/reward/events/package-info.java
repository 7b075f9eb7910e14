/** The topics reward-service follows: reward-model versions and profiles. */
package io.pluralign.reward.events;
