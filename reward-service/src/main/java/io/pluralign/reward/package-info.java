/** reward-service: per-user reward scoring, comparison and best-of-n reranking. */
package io.pluralign.reward;
