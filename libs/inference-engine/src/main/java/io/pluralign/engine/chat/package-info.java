/**
 * Chat prompts rendered from a Hugging Face model folder's own Jinja chat template, the way {@code transformers}
 * renders them.
 */
package io.pluralign.engine.chat;
