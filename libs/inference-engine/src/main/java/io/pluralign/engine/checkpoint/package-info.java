/**
 * Reading Hugging Face checkpoints from local disk: memory-mapped safetensors (F32, F16, BF16 widened to F32), sharded
 * indexes, and writing safetensors for the models the project trains or generates itself.
 */
package io.pluralign.engine.checkpoint;
