package io.pluralign.engine;

/**
 * Capacity of a {@link GenerationEngine}.
 *
 * @param slots sequences decoded together at most (the batch size); each owns a KV cache row
 * @param maxLength tokens per sequence, prompt included (capped by the model's context length)
 * @param maxQueued requests waiting for a slot before new ones are refused as overloaded
 * @param prefillChunk prompt tokens per row per prefill pass (bounds the attention memory of long prompts)
 * @param memoryBudgetBytes the most the KV cache may take; construction fails when the slots need more
 * @param cpuDecodeRows decode steps of at most this many rows run on the model's {@link
 *     io.pluralign.engine.model.CpuDecoder} when it has one on this machine (0: never); larger steps and every prefill
 *     run on the tensor path
 */
public record EngineOptions(
        int slots, int maxLength, int maxQueued, int prefillChunk, long memoryBudgetBytes, int cpuDecodeRows) {

    /** Up to this many rows a CPU decode step is faster in plain Java than in PyTorch (docs/benchmarks.md). */
    public static final int DEFAULT_CPU_DECODE_ROWS = 16;

    public EngineOptions {
        if (slots <= 0
                || maxLength <= 1
                || maxQueued < 0
                || prefillChunk <= 0
                || memoryBudgetBytes <= 0
                || cpuDecodeRows < 0) {
            throw new IllegalArgumentException("engine options must be positive (slots " + slots + ", maxLength "
                    + maxLength + ", maxQueued " + maxQueued + ", prefillChunk " + prefillChunk + ", cpuDecodeRows "
                    + cpuDecodeRows + ")");
        }
    }

    public EngineOptions(int slots, int maxLength, int maxQueued, int prefillChunk, long memoryBudgetBytes) {
        this(slots, maxLength, maxQueued, prefillChunk, memoryBudgetBytes, DEFAULT_CPU_DECODE_ROWS);
    }

    /**
     * 16 slots of up to 1024 tokens, 64 waiting, 256-token prefill chunks, a 2 GiB KV cache budget, CPU decode steps
     * of up to {@value #DEFAULT_CPU_DECODE_ROWS} rows.
     */
    public static EngineOptions defaults() {
        return new EngineOptions(16, 1024, 64, 256, 2L << 30);
    }

    public EngineOptions withSlots(int n) {
        return new EngineOptions(n, maxLength, maxQueued, prefillChunk, memoryBudgetBytes, cpuDecodeRows);
    }

    public EngineOptions withMaxLength(int n) {
        return new EngineOptions(slots, n, maxQueued, prefillChunk, memoryBudgetBytes, cpuDecodeRows);
    }

    public EngineOptions withMaxQueued(int n) {
        return new EngineOptions(slots, maxLength, n, prefillChunk, memoryBudgetBytes, cpuDecodeRows);
    }

    public EngineOptions withPrefillChunk(int n) {
        return new EngineOptions(slots, maxLength, maxQueued, n, memoryBudgetBytes, cpuDecodeRows);
    }

    public EngineOptions withMemoryBudget(long bytes) {
        return new EngineOptions(slots, maxLength, maxQueued, prefillChunk, bytes, cpuDecodeRows);
    }

    public EngineOptions withCpuDecodeRows(int n) {
        return new EngineOptions(slots, maxLength, maxQueued, prefillChunk, memoryBudgetBytes, n);
    }
}
