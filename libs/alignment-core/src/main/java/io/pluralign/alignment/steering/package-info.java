/**
 * Steering-vector math on plain float arrays: a concept's per-layer directions from contrast activations (mean
 * difference and first principal component, sign-corrected, scored on held-out pairs), and a user's composed steering
 * (weighted concepts, safety projection, per-layer norm budget) with a report of what was applied.
 */
package io.pluralign.alignment.steering;
