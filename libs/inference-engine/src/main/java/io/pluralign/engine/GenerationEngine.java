package io.pluralign.engine;

import io.pluralign.engine.model.KvCache;
import io.pluralign.engine.model.cpu.CpuKernels;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching over one model: a single engine thread owns the KV cache and, between decode steps, lets waiting
 * requests join (prefilled in chunks) and finished or cancelled ones leave. Every running sequence has its own
 * position, sampler, stop condition and steering; the running rows always fill slots [0, running) so each step is one
 * batched pass. A full queue refuses new requests instead of growing without bound.
 */
public final class GenerationEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GenerationEngine.class);

    /** Counters for monitoring. */
    public record Stats(int running, int queued, long decodeSteps, long generatedTokens, long prefillTokens) {}

    private final LanguageModel model;
    private final EngineOptions options;
    private final int contextLength;
    private final BatchRunner runner;
    private final TextTokenizer tokenizer;
    private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>(); // running.get(i) owns slot i
    private final Thread thread;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong generatedTokens = new AtomicLong();
    private final AtomicLong prefillTokens = new AtomicLong();
    private int runningCount; // slots taken, guarded by this
    private boolean closed;

    public GenerationEngine(LanguageModel model, EngineOptions options) {
        this.model = model;
        this.options = options;
        this.contextLength = Math.min(options.maxLength(), model.config().maxPositions());
        long cacheBytes = KvCache.bytesFor(model.config(), options.slots(), contextLength);
        if (cacheBytes > options.memoryBudgetBytes()) {
            throw new IllegalArgumentException("a KV cache of " + options.slots() + " slots x " + contextLength
                    + " tokens needs " + cacheBytes / (1 << 20) + " MiB, over the budget of "
                    + options.memoryBudgetBytes() / (1 << 20) + " MiB; lower slots or maxLength");
        }
        this.runner = new BatchRunner(model, options.slots(), contextLength, options.cpuDecodeRows());
        if (runner.decodesOnCpu(1) && !"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
            log.warn("OMP_WAIT_POLICY is not PASSIVE: PyTorch's idle OpenMP threads spin on the cores the CPU decoder"
                    + " uses and slow decode steps after each prefill; set OMP_WAIT_POLICY=PASSIVE in the environment");
        }
        if (options.cpuDecodeRows() > 0 && !model.deviceInUse().isGpu() && !runner.decodesOnCpu(1)) {
            CpuKernels.unavailableReason(model.weightBytes())
                    .ifPresentOrElse(
                            reason -> log.warn("CPU decode kernels off: {}", reason),
                            () -> log.info(
                                    "{} has no CPU decoder: decode steps use PyTorch's kernels",
                                    model.config().architecture()));
        }
        this.tokenizer = model.tokenizerOrNull();
        this.thread = new Thread(this::loop, "pluralign-engine");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Tokens per sequence, prompt included. */
    public int contextLength() {
        return contextLength;
    }

    public LanguageModel model() {
        return model;
    }

    /**
     * Queues a request; tokens stream to {@code listener} on the engine thread.
     *
     * @throws GenerationRejectedException when it can never fit the context, or the queue is full
     */
    public Generation submit(GenerationRequest request, TokenListener listener) {
        int[] promptTokens = request.promptTokens();
        int prompt = promptTokens.length;
        int budget = prompt + request.sampling().maxTokens();
        if (budget > contextLength) {
            throw new GenerationRejectedException(
                    GenerationRejectedException.Reason.CONTEXT_LENGTH,
                    "the prompt (" + prompt + " tokens) plus max_tokens ("
                            + request.sampling().maxTokens() + ") exceed the context length of " + contextLength
                            + " tokens");
        }
        model.checkTokens(promptTokens);
        Sequence sequence =
                new Sequence(request, listener, tokenizer, model.config().eosTokenIds(), budget);
        synchronized (this) {
            if (closed) {
                throw new GenerationRejectedException(GenerationRejectedException.Reason.CLOSED, "engine is closed");
            }
            int free = options.slots() - runningCount;
            if (waiting.size() >= options.maxQueued() + Math.max(0, free)) {
                throw new GenerationRejectedException(
                        GenerationRejectedException.Reason.OVERLOADED,
                        options.slots() + " sequences are running and " + waiting.size() + " are waiting; retry later");
            }
            waiting.add(sequence);
            notifyAll();
        }
        return sequence;
    }

    public Stats stats() {
        synchronized (this) {
            return new Stats(runningCount, waiting.size(), steps.get(), generatedTokens.get(), prefillTokens.get());
        }
    }

    private void loop() {
        while (true) {
            List<Sequence> joining;
            synchronized (this) {
                while (!closed && waiting.isEmpty() && running.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (closed) {
                    break;
                }
                joining = new ArrayList<>();
                while (!waiting.isEmpty() && running.size() + joining.size() < options.slots()) {
                    joining.add(waiting.poll());
                }
                runningCount = running.size() + joining.size();
            }
            try {
                step(joining);
            } catch (RuntimeException | Error e) {
                log.error("engine step failed; failing the {} running sequences", running.size(), e);
                running.forEach(s -> fail(s, e));
                joining.stream().filter(s -> !running.contains(s)).forEach(s -> fail(s, e));
                running.clear();
            }
            synchronized (this) {
                runningCount = running.size();
            }
        }
        List<Sequence> left = new ArrayList<>(running);
        synchronized (this) {
            left.addAll(waiting);
            waiting.clear();
        }
        left.forEach(s ->
                fail(s, new GenerationRejectedException(GenerationRejectedException.Reason.CLOSED, "engine closed")));
        runner.close();
    }

    private void step(List<Sequence> joining) {
        joining.removeIf(s -> {
            if (s.cancelRequested) {
                finish(s, FinishReason.CANCELLED);
                return true;
            }
            return false;
        });
        if (!joining.isEmpty()) {
            prefill(joining);
        }
        removeFinished();
        if (running.isEmpty()) {
            return;
        }
        int rows = running.size();
        int[] feed = new int[rows];
        int[] positions = new int[rows];
        List<Steering> steering = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Sequence s = running.get(r);
            feed[r] = s.tokens[s.length - 1];
            positions[r] = s.cached;
            steering.add(s.request.steering());
        }
        float[] logits = runner.decode(feed, positions, steering);
        steps.incrementAndGet();
        for (int r = 0; r < rows; r++) {
            Sequence s = running.get(r);
            s.cached++;
            accept(s, logits, r);
        }
        removeFinished();
    }

    /** Prefills the joining sequences into the slots after the running ones, chunk by chunk, and samples each one's first token. */
    private void prefill(List<Sequence> joining) {
        int first = running.size();
        int rows = joining.size();
        int chunk = options.prefillChunk();
        int longest = 0;
        for (Sequence s : joining) {
            longest = Math.max(longest, s.promptLength);
        }
        float[][] lastLogits = new float[rows][];
        List<Steering> steering = new ArrayList<>(rows);
        joining.forEach(s -> steering.add(s.request.steering()));
        for (int offset = 0; offset < longest; offset += chunk) {
            List<int[]> pieces = new ArrayList<>(rows);
            int[] starts = new int[rows];
            for (int r = 0; r < rows; r++) {
                Sequence s = joining.get(r);
                int from = Math.min(offset, s.promptLength);
                int to = Math.min(offset + chunk, s.promptLength);
                // A row whose prompt is done feeds one padding token at its next free position: written, masked and
                // overwritten by its first decode step.
                pieces.add(to > from ? Arrays.copyOfRange(s.tokens, from, to) : new int[] {0});
                starts[r] = to > from ? from : s.promptLength;
            }
            float[] logits = runner.prefill(first, pieces, starts, steering);
            int vocab = runner.vocab();
            for (int r = 0; r < rows; r++) {
                Sequence s = joining.get(r);
                if (offset < s.promptLength && offset + chunk >= s.promptLength) {
                    lastLogits[r] = Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            Sequence s = joining.get(r);
            s.cached = s.promptLength;
            prefillTokens.addAndGet(s.promptLength);
            running.add(s);
            accept(s, lastLogits[r], 0);
        }
    }

    /** Samples row {@code row}'s next token, streams it, and marks the sequence finishing when it should stop. */
    private void accept(Sequence s, float[] logits, int row) {
        if (s.cancelRequested) {
            s.finishing = FinishReason.CANCELLED;
            return;
        }
        int vocab = runner.vocab();
        int token = s.sampler.sample(logits, row * vocab, vocab, s.tokens, s.length);
        if (s.isStopToken(token)) {
            s.finishing = FinishReason.STOP;
            return;
        }
        s.tokens[s.length++] = token;
        generatedTokens.incrementAndGet();
        String delta = s.stream.accept(s.tokens, s.promptLength, s.generated());
        if (!delta.isEmpty() || !s.stream.stopped()) {
            notifyToken(s, token, delta);
        }
        if (s.stream.stopped()) {
            s.finishing = FinishReason.STOP;
        } else if (s.generated() >= s.request.sampling().maxTokens() || s.length >= s.tokens.length) {
            s.finishing = FinishReason.LENGTH;
        }
    }

    /** Removes finishing or cancelled sequences, keeping the running rows in slots [0, running). */
    private void removeFinished() {
        for (int i = running.size() - 1; i >= 0; i--) {
            Sequence s = running.get(i);
            if (s.finishing == null && s.cancelRequested) {
                s.finishing = FinishReason.CANCELLED;
            }
            if (s.finishing == null) {
                continue;
            }
            int last = running.size() - 1;
            if (i != last) {
                Sequence moved = running.get(last);
                runner.cache().moveSlot(last, i, moved.cached);
                running.set(i, moved);
            }
            running.remove(last);
            finish(s, s.finishing);
        }
    }

    private void finish(Sequence s, FinishReason reason) {
        String tail = s.stream.flush();
        if (!tail.isEmpty()) {
            notifyToken(s, -1, tail);
        }
        GenerationResult result = new GenerationResult(
                Arrays.copyOfRange(s.tokens, s.promptLength, s.length), s.stream.text(), reason, s.promptLength);
        try {
            s.listener.onComplete(result);
        } catch (RuntimeException e) {
            log.warn("a token listener failed on completion", e);
        }
        s.result.complete(result);
    }

    private void fail(Sequence s, Throwable error) {
        try {
            s.listener.onError(error);
        } catch (RuntimeException e) {
            log.warn("a token listener failed on error", e);
        }
        s.result.completeExceptionally(error);
    }

    private static void notifyToken(Sequence s, int token, String text) {
        try {
            s.listener.onToken(token, text);
        } catch (RuntimeException e) {
            log.warn("a token listener failed; cancelling its sequence", e);
            s.cancel();
        }
    }

    /** Stops the engine thread; running and waiting requests fail as CLOSED. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
