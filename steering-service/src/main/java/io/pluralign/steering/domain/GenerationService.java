package io.pluralign.steering.domain;

import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.engine.FinishReason;
import io.pluralign.engine.Generation;
import io.pluralign.engine.GenerationEngine;
import io.pluralign.engine.GenerationRequest;
import io.pluralign.engine.GenerationResult;
import io.pluralign.engine.SamplingParams;
import io.pluralign.engine.TokenListener;
import io.pluralign.steering.events.GenerationEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Runs a request's choices on the shared engine with the user's steering, streams each choice's text, and records
 * each finished answer as {@code generation.completed}. Tokens arrive on the engine thread and only ever go into a
 * buffer there, so a slow client never holds up the batch; a client that goes away cancels its choices.
 */
@Service
public class GenerationService implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(GenerationService.class);

    /** What to generate: the prompt (already formatted) and what it was made from. */
    public record Prompt(int[] tokens, List<GenerationCompleted.Message> messages, boolean raw) {}

    /** One running choice: its id, text deltas as they come, and its result. */
    public record Choice(
            int index, String generationId, Flux<String> deltas, CompletableFuture<GenerationResult> result) {}

    /** A running request: its choices, and a way to stop them all. */
    public record Run(String completionId, long seed, List<Choice> choices, List<Generation> handles) {
        public void cancel() {
            handles.forEach(Generation::cancel);
        }
    }

    private final GenerationEngine engine;
    private final ServedModel model;
    private final GenerationEvents events;
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "generation-events");
        t.setDaemon(true);
        return t;
    });

    public GenerationService(GenerationEngine engine, ServedModel model, GenerationEvents events) {
        this.engine = engine;
        this.model = model;
        this.events = events;
    }

    /**
     * Starts {@code n} choices; choice i samples with seed {@code seed + i}.
     *
     * @throws io.pluralign.engine.GenerationRejectedException when the engine is full or the prompt cannot fit
     */
    public Run start(
            String completionId,
            String tenant,
            String user,
            Prompt prompt,
            SamplingParams sampling,
            int n,
            UserSteering.Composed steering) {
        List<Choice> choices = new ArrayList<>();
        List<Generation> handles = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                SamplingParams params = sampling.withSeed(sampling.seed() + i);
                Sinks.Many<String> sink = Sinks.many().unicast().onBackpressureBuffer();
                Generation g = engine.submit(
                        new GenerationRequest(prompt.tokens(), params, steering.steering()), new TokenListener() {
                            @Override
                            public void onToken(int token, String text) {
                                if (!text.isEmpty()) {
                                    sink.tryEmitNext(text);
                                }
                            }

                            @Override
                            public void onComplete(GenerationResult result) {
                                sink.tryEmitComplete();
                            }

                            @Override
                            public void onError(Throwable error) {
                                sink.tryEmitError(error);
                            }
                        });
                handles.add(g);
                String generationId = "gen-" + UUID.randomUUID();
                int index = i;
                long seed = params.seed();
                g.result()
                        .thenAcceptAsync(
                                result -> record(
                                        completionId,
                                        generationId,
                                        index,
                                        tenant,
                                        user,
                                        prompt,
                                        result,
                                        seed,
                                        steering),
                                recorder);
                choices.add(new Choice(i, generationId, sink.asFlux(), g.result()));
            }
        } catch (RuntimeException e) {
            handles.forEach(Generation::cancel);
            throw e;
        }
        return new Run(completionId, sampling.seed(), choices, handles);
    }

    private void record(
            String completionId,
            String generationId,
            int index,
            String tenant,
            String user,
            Prompt prompt,
            GenerationResult result,
            long seed,
            UserSteering.Composed steering) {
        try {
            events.completed(new GenerationCompleted(
                    generationId,
                    completionId,
                    index,
                    tenant,
                    user,
                    model.id(),
                    prompt.messages(),
                    prompt.raw(),
                    result.text(),
                    finishReason(result.finishReason()),
                    result.promptTokens(),
                    result.completionTokens(),
                    seed,
                    steering.report(),
                    Instant.now()));
        } catch (RuntimeException e) {
            log.error("could not record generation {} of {}", generationId, completionId, e);
        }
    }

    /** The OpenAI API's finish_reason for an engine finish reason. */
    public static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CANCELLED -> "cancelled";
        };
    }

    @Override
    public void destroy() {
        recorder.shutdown();
    }
}
