/**
 * Pure Java alignment math with no framework dependencies: PAL ideal-point reward model, Bradley-Terry, simplex
 * math, Big Five scoring and steering-vector math. Filled in by the reward-learning and steering issues.
 */
package io.pluralign.alignment;
