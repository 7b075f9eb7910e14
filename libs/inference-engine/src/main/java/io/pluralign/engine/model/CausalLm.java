package io.pluralign.engine.model;

import ai.djl.ndarray.NDArray;
import io.pluralign.engine.checkpoint.SafetensorsWriter;
import java.util.List;
import java.util.Optional;

/**
 * A loaded decoder-only transformer, split where the engine needs to reach in: after the embedding, after every block
 * (the residual stream that steering adds to and activation capture reads), and at the output head. The arrays it
 * returns belong to the current {@code NDScope}.
 */
public interface CausalLm extends AutoCloseable {

    ModelConfig config();

    /** Token (and, where the family has them, learned position) embeddings: [batch, tokens] ids to [batch, tokens, hidden]. */
    NDArray embed(NDArray tokenIds, ForwardContext context);

    /** Block {@code layer} applied to the residual stream {@code x} [batch, tokens, hidden]; returns the new stream. */
    NDArray block(int layer, NDArray x, ForwardContext context);

    /** Final norm and language-model head: [..., hidden] to [..., vocab] logits. */
    NDArray logits(NDArray x);

    /** Every trainable weight array (for training from scratch; inference never needs it). */
    List<NDArray> parameters();

    /** Writes the weights under their Hugging Face names, unfused, so the folder loads like any checkpoint. */
    void save(SafetensorsWriter writer);

    /**
     * A decoder of few-row steps over {@code cache} in plain Java, when this family has one and the weights and cache
     * live in CPU memory and the Vector API is available; empty otherwise. The caller closes it.
     */
    default Optional<CpuDecoder> cpuDecoder(KvCache cache) {
        return Optional.empty();
    }

    /** Bytes of weights held on the device. */
    long weightBytes();

    @Override
    void close();
}
