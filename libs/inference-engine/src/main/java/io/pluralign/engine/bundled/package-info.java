/**
 * The data side of the bundled small model: a synthetic chat corpus whose answer style varies along known axes
 * ({@link io.pluralign.engine.bundled.CorpusGenerator}), contrast pairs per axis for steering vectors, a marker-word
 * scorer for those axes ({@link io.pluralign.engine.bundled.StyleLexicon}), a byte-level BPE tokenizer trainer that
 * writes Hugging Face {@code tokenizer.json} ({@link io.pluralign.engine.bundled.ByteLevelBpeTrainer}), the chat format
 * ({@link io.pluralign.engine.bundled.ChatFormat}) and the command that writes all of it
 * ({@link io.pluralign.engine.bundled.BundledDataMain}).
 */
package io.pluralign.engine.bundled;
