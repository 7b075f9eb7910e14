/**
 * The model runtime on DJL: checkpoints, KV cache, continuous batching, sampling and per-sequence steering. The only
 * module allowed to use DJL. Filled in by the inference-engine issue.
 */
package io.pluralign.engine;
