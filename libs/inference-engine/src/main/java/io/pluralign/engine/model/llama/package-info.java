/** The Llama family and its close relatives Qwen2 (attention biases) and Mistral (sliding window). */
package io.pluralign.engine.model.llama;
