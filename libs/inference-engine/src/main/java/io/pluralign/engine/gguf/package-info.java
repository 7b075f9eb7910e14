/**
 * Reads and writes steering vectors as GGUF control-vector files, the format of repeng's
 * {@code ControlVector.export_gguf} and llama.cpp's {@code --control-vector}.
 */
package io.pluralign.engine.gguf;
