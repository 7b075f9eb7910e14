/**
 * steering-service's HTTP API: OpenAI-compatible chat and text completions, models and embeddings; concepts (list,
 * define, inspect, read texts, import and export control vectors); activations for the platform's other services.
 */
package io.pluralign.steering.api;
