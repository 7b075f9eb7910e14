/** The reward models reward-service serves, users' PAL weights, and scoring answers for a user. */
package io.pluralign.reward.domain;
