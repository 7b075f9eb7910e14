/**
 * The model runtime: {@link io.pluralign.engine.LanguageModel} loads a Hugging Face folder (Llama, Qwen2, Mistral,
 * GPT-2; F32/F16/BF16 safetensors) onto the GPU or CPU, and {@link io.pluralign.engine.GenerationEngine} generates for
 * many requests at once with continuous batching, each sequence with its own sampling, stop condition and {@link
 * io.pluralign.engine.Steering}. The only module allowed to use DJL.
 */
package io.pluralign.engine;
