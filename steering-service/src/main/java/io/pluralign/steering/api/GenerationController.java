package io.pluralign.steering.api;

import io.pluralign.contracts.events.GenerationCompleted;
import io.pluralign.contracts.profile.ProfileDocument;
import io.pluralign.engine.GenerationRejectedException;
import io.pluralign.engine.GenerationResult;
import io.pluralign.engine.LanguageModel;
import io.pluralign.engine.SamplingParams;
import io.pluralign.engine.chat.ChatMessage;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.steering.config.SteeringProperties;
import io.pluralign.steering.domain.GenerationService;
import io.pluralign.steering.domain.ProfileDirectory;
import io.pluralign.steering.domain.ServedModel;
import io.pluralign.steering.domain.UnknownConceptException;
import io.pluralign.steering.domain.UserSteering;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}, as the OpenAI API defines them (streaming
 * included), with the request's {@code user} selecting whose steering applies and a {@code steering} field in every
 * response saying what was applied.
 */
@RestController
class GenerationController {
    private static final SecureRandom SEEDS = new SecureRandom();

    private final GenerationService generations;
    private final UserSteering steering;
    private final ProfileDirectory profiles;
    private final LanguageModel model;
    private final ServedModel served;
    private final SteeringProperties properties;
    private final JsonMapper json;
    private final BestOfN bestOfN;

    GenerationController(
            GenerationService generations,
            UserSteering steering,
            ProfileDirectory profiles,
            LanguageModel model,
            ServedModel served,
            SteeringProperties properties,
            JsonMapper json,
            BestOfN bestOfN) {
        this.generations = generations;
        this.steering = steering;
        this.profiles = profiles;
        this.model = model;
        this.served = served;
        this.properties = properties;
        this.json = json;
        this.bestOfN = bestOfN;
    }

    /** Chat or text completion: how prompts are built and how choices are rendered differ, nothing else. */
    private enum Dialect {
        CHAT("chatcmpl-", "chat.completion", "chat.completion.chunk"),
        TEXT("cmpl-", "text_completion", "text_completion");

        final String idPrefix;
        final String object;
        /** The {@code object} of a streamed chunk (OpenAI streams text completions under the same name). */
        final String chunkObject;

        Dialect(String idPrefix, String object, String chunkObject) {
            this.idPrefix = idPrefix;
            this.object = object;
            this.chunkObject = chunkObject;
        }
    }

    @PostMapping("/v1/chat/completions")
    Mono<ResponseEntity<Object>> chat(@RequestBody JsonNode body, Caller caller) {
        OpenAiRequest request = OpenAiRequestReader.chat(body);
        return Blocking.call(() -> run(Dialect.CHAT, request, caller)).flatMap(r -> r);
    }

    @PostMapping("/v1/completions")
    Mono<ResponseEntity<Object>> completions(@RequestBody JsonNode body, Caller caller) {
        OpenAiRequest request = OpenAiRequestReader.completion(body);
        return Blocking.call(() -> run(Dialect.TEXT, request, caller)).flatMap(r -> r);
    }

    private record Started(GenerationService.Prompt prompt, GenerationService.Run run, String echo) {}

    private Mono<ResponseEntity<Object>> run(Dialect dialect, OpenAiRequest request, Caller caller) {
        if (!served.id().equals(request.model())) {
            throw OpenAiProblems.invalid(
                    "model",
                    "model_not_found",
                    "The model '" + request.model() + "' does not exist; this server serves '" + served.id() + "'");
        }
        try {
            steering.checkConcepts(
                    caller.tenantId(), request.steering().concepts().keySet());
        } catch (UnknownConceptException e) {
            throw OpenAiProblems.invalid(
                    "steering.concepts." + e.concept(),
                    "unknown_concept",
                    e.getMessage() + ": GET /v1/concepts lists the concepts of your tenant");
        }
        UserSteering.Composed composed = steering.compose(caller.tenantId(), request.user(), request.steering());
        List<GenerationService.Prompt> prompts = prompts(dialect, request, caller);
        long seed = request.seed() != null ? request.seed() : SEEDS.nextLong() >>> 1;
        String completionId = dialect.idPrefix + UUID.randomUUID().toString().replace("-", "");
        List<Started> started = new ArrayList<>();
        try {
            for (GenerationService.Prompt prompt : prompts) {
                int maxTokens = maxTokens(dialect, request, prompt);
                SamplingParams sampling = new SamplingParams(
                        request.temperature(), 0, request.topP(), 1, seed, maxTokens, request.stop());
                GenerationService.Run run = generations.start(
                        completionId, caller.tenantId(), request.user(), prompt, sampling, request.n(), composed);
                String echo = request.echo() ? prompt.messages().get(0).content() : "";
                started.add(new Started(prompt, run, echo));
            }
        } catch (GenerationRejectedException e) {
            started.forEach(s -> s.run().cancel());
            throw rejected(e);
        }
        long created = Instant.now().getEpochSecond();
        if (request.stream()) {
            Flux<ServerSentEvent<String>> events = stream(dialect, request, completionId, created, started, composed);
            return Mono.just(ResponseEntity.ok()
                    .contentType(MediaType.TEXT_EVENT_STREAM)
                    .header("Cache-Control", "no-cache")
                    .body(events));
        }
        List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
        started.forEach(s -> s.run().choices().forEach(c -> results.add(c.result())));
        return Mono.fromFuture(CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)))
                .doOnCancel(() -> started.forEach(s -> s.run().cancel()))
                .then(Mono.fromCallable(() -> {
                            ObjectNode root = complete(dialect, completionId, created, started, composed);
                            if (request.rerank()) {
                                bestOfN.rerank(
                                        root,
                                        request.n(),
                                        started.stream()
                                                .map(st -> st.prompt().messages())
                                                .toList(),
                                        caller.tenantId(),
                                        request.user());
                            }
                            return ResponseEntity.ok().<Object>body(root);
                        })
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    private List<GenerationService.Prompt> prompts(Dialect dialect, OpenAiRequest request, Caller caller) {
        List<GenerationService.Prompt> out = new ArrayList<>();
        try {
            if (dialect == Dialect.CHAT) {
                List<GenerationCompleted.Message> messages = withPreferences(request, caller);
                List<ChatMessage> chat = messages.stream()
                        .map(m -> new ChatMessage(m.role(), m.content()))
                        .toList();
                out.add(new GenerationService.Prompt(model.encodeChat(chat), messages, false));
            } else {
                for (String prompt : request.prompts()) {
                    out.add(new GenerationService.Prompt(
                            model.tokenizer().encode(prompt),
                            List.of(new GenerationCompleted.Message("user", prompt)),
                            true));
                }
            }
        } catch (IllegalArgumentException e) {
            throw OpenAiProblems.invalid(dialect == Dialect.CHAT ? "messages" : "prompt", e.getMessage());
        }
        for (GenerationService.Prompt p : out) {
            if (p.tokens().length == 0) {
                throw OpenAiProblems.invalid("prompt", "the prompt is empty once tokenized");
            }
        }
        return out;
    }

    /** The user's own words about how they want answers go into the system message (never when they opted out). */
    private List<GenerationCompleted.Message> withPreferences(OpenAiRequest request, Caller caller) {
        List<GenerationCompleted.Message> messages = new ArrayList<>(request.messages());
        if (request.user() == null || !request.steering().enabled()) {
            return messages;
        }
        Optional<ProfileDocument> profile =
                profiles.find(caller.tenantId(), request.user()).map(ProfileDirectory.Snapshot::profile);
        String preferences = profile.filter(p -> !p.optOut() && p.strength() > 0)
                .map(ProfileDocument::systemPreferences)
                .filter(s -> !s.isBlank())
                .orElse(null);
        if (preferences == null) {
            return messages;
        }
        String note = "The user's preferences for answers: " + preferences.strip();
        if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
            messages.set(
                    0, new GenerationCompleted.Message("system", messages.get(0).content() + "\n\n" + note));
        } else {
            messages.add(0, new GenerationCompleted.Message("system", note));
        }
        return messages;
    }

    private int maxTokens(Dialect dialect, OpenAiRequest request, GenerationService.Prompt prompt) {
        int room = served.contextLength() - prompt.tokens().length;
        if (room < 1) {
            throw OpenAiProblems.invalid(
                    dialect == Dialect.CHAT ? "messages" : "prompt",
                    "context_length_exceeded",
                    "This model's maximum context length is " + served.contextLength() + " tokens; the prompt has "
                            + prompt.tokens().length + " tokens, which leaves no room for an answer");
        }
        if (request.maxTokens() == null) {
            // the OpenAI API's default for text completions is 16 tokens; for chat, what the context leaves
            return Math.min(room, dialect == Dialect.TEXT ? 16 : properties.defaultMaxTokens());
        }
        if (request.maxTokens() > room) {
            throw OpenAiProblems.invalid(
                    "max_tokens",
                    "context_length_exceeded",
                    "This model's maximum context length is " + served.contextLength() + " tokens; the prompt has "
                            + prompt.tokens().length + " tokens and max_tokens asks for " + request.maxTokens()
                            + " more");
        }
        return request.maxTokens();
    }

    private static RuntimeException rejected(GenerationRejectedException e) {
        return switch (e.reason()) {
            case OVERLOADED -> OpenAiProblems.busy("The server is at capacity: " + e.getMessage());
            case CLOSED -> OpenAiProblems.unavailable("The server is shutting down; retry on another instance");
            case CONTEXT_LENGTH -> OpenAiProblems.invalid("max_tokens", "context_length_exceeded", e.getMessage());
        };
    }

    private ObjectNode complete(
            Dialect dialect, String completionId, long created, List<Started> started, UserSteering.Composed composed) {
        ObjectNode root = header(dialect.object, completionId, created);
        ArrayNode choices = root.putArray("choices");
        int promptTokens = 0;
        int completionTokens = 0;
        int index = 0;
        for (Started s : started) {
            promptTokens += s.prompt().tokens().length;
            for (GenerationService.Choice choice : s.run().choices()) {
                GenerationResult result = choice.result().join();
                completionTokens += result.completionTokens();
                ObjectNode c = choices.addObject();
                c.put("index", index++);
                if (dialect == Dialect.CHAT) {
                    ObjectNode message = c.putObject("message");
                    message.put("role", "assistant");
                    message.put("content", result.text());
                    message.putNull("refusal");
                } else {
                    c.put("text", s.echo() + result.text());
                }
                c.putNull("logprobs");
                c.put("finish_reason", GenerationService.finishReason(result.finishReason()));
                c.put("generation_id", choice.generationId());
            }
        }
        usage(root, promptTokens, completionTokens);
        root.set("steering", json.valueToTree(composed.report()));
        return root;
    }

    private Flux<ServerSentEvent<String>> stream(
            Dialect dialect,
            OpenAiRequest request,
            String completionId,
            long created,
            List<Started> started,
            UserSteering.Composed composed) {
        List<Flux<ObjectNode>> perChoice = new ArrayList<>();
        int index = 0;
        int promptTokens = 0;
        List<CompletableFuture<GenerationResult>> results = new ArrayList<>();
        for (Started s : started) {
            promptTokens += s.prompt().tokens().length;
            for (GenerationService.Choice choice : s.run().choices()) {
                int i = index++;
                results.add(choice.result());
                Flux<ObjectNode> opening = Flux.just(
                        dialect == Dialect.CHAT
                                ? chunk(dialect, completionId, created, i, choice.generationId(), "", true, null)
                                : chunk(
                                        dialect,
                                        completionId,
                                        created,
                                        i,
                                        choice.generationId(),
                                        s.echo(),
                                        false,
                                        null));
                Flux<ObjectNode> deltas = choice.deltas()
                        .map(text ->
                                chunk(dialect, completionId, created, i, choice.generationId(), text, false, null));
                Flux<ObjectNode> closing = Mono.fromFuture(choice.result())
                        .map(r -> chunk(
                                dialect,
                                completionId,
                                created,
                                i,
                                choice.generationId(),
                                null,
                                false,
                                GenerationService.finishReason(r.finishReason())))
                        .flux();
                perChoice.add(Flux.concat(opening, deltas, closing));
            }
        }
        int totalPrompt = promptTokens;
        ObjectNode first = header(dialect.chunkObject, completionId, created);
        first.putArray("choices");
        first.set("steering", json.valueToTree(composed.report()));
        Flux<ObjectNode> tail = request.includeUsage()
                ? Mono.fromCallable(() -> {
                            ObjectNode u = header(dialect.chunkObject, completionId, created);
                            u.putArray("choices");
                            usage(
                                    u,
                                    totalPrompt,
                                    results.stream()
                                            .mapToInt(r -> r.join().completionTokens())
                                            .sum());
                            return u;
                        })
                        .flux()
                : Flux.empty();
        return Flux.concat(Flux.just(first), Flux.merge(perChoice), tail)
                .map(node -> ServerSentEvent.<String>builder(json.writeValueAsString(node))
                        .build())
                .concatWith(Mono.just(ServerSentEvent.<String>builder("[DONE]").build()))
                .doOnCancel(() -> started.forEach(s -> s.run().cancel()));
    }

    private ObjectNode chunk(
            Dialect dialect,
            String completionId,
            long created,
            int index,
            String generationId,
            String text,
            boolean role,
            String finishReason) {
        ObjectNode root = header(dialect.chunkObject, completionId, created);
        ObjectNode c = root.putArray("choices").addObject();
        c.put("index", index);
        if (dialect == Dialect.CHAT) {
            ObjectNode delta = c.putObject("delta");
            if (role) {
                delta.put("role", "assistant");
            }
            if (text != null) {
                delta.put("content", text);
            }
        } else {
            c.put("text", text == null ? "" : text);
        }
        c.putNull("logprobs");
        if (finishReason != null) {
            c.put("finish_reason", finishReason);
        } else {
            c.putNull("finish_reason");
        }
        c.put("generation_id", generationId);
        return root;
    }

    private ObjectNode header(String object, String id, long created) {
        ObjectNode root = json.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", served.id());
        root.put(
                "system_fingerprint",
                "fp_" + served.vectorsKey().substring(served.vectorsKey().indexOf('@') + 1));
        return root;
    }

    private static void usage(ObjectNode root, int promptTokens, int completionTokens) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
    }
}
