/**
 * Training a small causal language model from scratch on CPU with DJL autograd (for the bundled model): packed
 * next-token prediction over a tokenized corpus, AdamW, warmup and cosine decay, gradient clipping, and a standard
 * Hugging Face folder as the result.
 */
package io.pluralign.engine.training;
