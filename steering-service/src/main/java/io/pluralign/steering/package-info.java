/** steering-service: the model host: concepts and their vectors, per-user composition, OpenAI-compatible generation. */
package io.pluralign.steering;
