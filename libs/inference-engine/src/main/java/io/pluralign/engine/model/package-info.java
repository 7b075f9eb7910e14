/**
 * Transformer families as config/model pairs (Llama, Qwen2, Mistral, GPT-2), registered in {@link
 * io.pluralign.engine.model.ModelFamilies}, and the batched forward pass with KV cache, per-sequence steering and
 * activation capture that all of them share.
 */
package io.pluralign.engine.model;
