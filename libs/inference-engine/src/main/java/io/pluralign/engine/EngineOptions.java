package io.pluralign.engine;

/**
 * Capacity of a {@link GenerationEngine}.
 *
 * @param slots sequences decoded together at most (the batch size); each owns a KV cache row
 * @param maxLength tokens per sequence, prompt included (capped by the model's context length)
 * @param maxQueued requests waiting for a slot before new ones are refused as overloaded
 * @param prefillChunk prompt tokens per row per prefill pass (bounds the attention memory of long prompts)
 * @param memoryBudgetBytes the most the KV cache may take; construction fails when the slots need more
 */
public record EngineOptions(int slots, int maxLength, int maxQueued, int prefillChunk, long memoryBudgetBytes) {

    public EngineOptions {
        if (slots <= 0 || maxLength <= 1 || maxQueued < 0 || prefillChunk <= 0 || memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("engine options must be positive (slots " + slots + ", maxLength "
                    + maxLength + ", maxQueued " + maxQueued + ", prefillChunk " + prefillChunk + ")");
        }
    }

    /** 16 slots of up to 1024 tokens, 64 waiting, 256-token prefill chunks, a 2 GiB KV cache budget. */
    public static EngineOptions defaults() {
        return new EngineOptions(16, 1024, 64, 256, 2L << 30);
    }

    public EngineOptions withSlots(int n) {
        return new EngineOptions(n, maxLength, maxQueued, prefillChunk, memoryBudgetBytes);
    }

    public EngineOptions withMaxLength(int n) {
        return new EngineOptions(slots, n, maxQueued, prefillChunk, memoryBudgetBytes);
    }

    public EngineOptions withMaxQueued(int n) {
        return new EngineOptions(slots, maxLength, n, prefillChunk, memoryBudgetBytes);
    }

    public EngineOptions withPrefillChunk(int n) {
        return new EngineOptions(slots, maxLength, maxQueued, n, memoryBudgetBytes);
    }

    public EngineOptions withMemoryBudget(long bytes) {
        return new EngineOptions(slots, maxLength, maxQueued, prefillChunk, bytes);
    }
}
