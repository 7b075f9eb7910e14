/** The GPT-2 family: learned positions, LayerNorm, fused Conv1D attention and a GELU MLP. */
package io.pluralign.engine.model.gpt2;
