package io.pluralign.trainer.api;

import io.pluralign.contracts.events.CloudEvent;
import io.pluralign.contracts.events.EventKeys;
import io.pluralign.contracts.events.EventTypes;
import io.pluralign.contracts.events.Feedback;
import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.servicekit.web.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/feedback}: one feedback object, or {@code {"events": [...]}} (up to {@value #MAX_BATCH}); every
 * event is validated first (a 400 names each bad field and nothing is published), then published to {@code feedback}
 * exactly as an app would send it, and the answer, 202, comes once Kafka has them, with their event ids.
 */
@RestController
class FeedbackController {
    static final int MAX_BATCH = 1000;
    private static final String SOURCE = "/pluralign/trainer-service";
    private static final String CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;

    FeedbackController(KafkaTemplate<String, String> kafka, JsonMapper json) {
        this.kafka = kafka;
        this.json = json;
    }

    @PostMapping("/v1/feedback")
    Mono<ResponseEntity<Map<String, Object>>> post(@RequestBody JsonNode body, Caller caller) {
        List<JsonNode> items = new ArrayList<>();
        if (body.isObject() && body.has("events")) {
            JsonNode events = body.get("events");
            if (!events.isArray() || events.isEmpty() || events.size() > MAX_BATCH) {
                throw ApiException.badRequest("events must be an array of 1 to " + MAX_BATCH + " feedback objects");
            }
            events.forEach(items::add);
        } else if (body.isObject()) {
            items.add(body);
        } else {
            throw ApiException.badRequest("the body must be a feedback object or {\"events\": [...]}");
        }
        InvalidInput errors = new InvalidInput();
        List<CloudEvent<Feedback>> events = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = items.size() > 1 || body.has("events") ? "events[" + i + "]." : "";
            Feedback feedback = read(items.get(i), caller, at, errors);
            if (feedback == null) {
                continue;
            }
            for (String[] problem : feedback.problems()) {
                errors.add(at + problem[0], problem[1]);
            }
            String key = feedback.problems().isEmpty() ? EventKeys.of(feedback.tenantId(), feedback.userId()) : null;
            events.add(CloudEvent.of(SOURCE, EventTypes.FEEDBACK, caller.tenantId(), key, feedback));
        }
        errors.throwIfAny();
        return Blocking.call(() -> {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (CloudEvent<Feedback> event : events) {
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(Topics.FEEDBACK, event.subject(), json.writeValueAsString(event));
                record.headers().add("content-type", CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                sends.add(kafka.send(record));
            }
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "feedback could not be handed to Kafka; retry (same ids are safe)");
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(Map.of("ids", events.stream().map(CloudEvent::id).toList()));
        });
    }

    /** The feedback object, its tenant the caller's (a different tenantId in the body is refused). */
    private Feedback read(JsonNode item, Caller caller, String at, InvalidInput errors) {
        if (!item.isObject()) {
            errors.add(at.isEmpty() ? "body" : at.substring(0, at.length() - 1), "must be a feedback object");
            return null;
        }
        JsonNode tenant = item.get("tenantId");
        if (tenant != null && !tenant.isNull() && !caller.tenantId().equals(tenant.asString())) {
            errors.add(at + "tenantId", "must be your own tenant or absent");
            return null;
        }
        ObjectNode copy = (ObjectNode) item.deepCopy();
        copy.put("tenantId", caller.tenantId());
        try {
            return json.treeToValue(copy, Feedback.class);
        } catch (RuntimeException e) {
            errors.add(
                    at.isEmpty() ? "body" : at.substring(0, at.length() - 1),
                    "is not valid feedback: " + e.getMessage().split("\n")[0]);
            return null;
        }
    }
}
