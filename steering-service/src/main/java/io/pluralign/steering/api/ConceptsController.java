package io.pluralign.steering.api;

import io.pluralign.alignment.steering.LayerFit;
import io.pluralign.alignment.steering.Vectors;
import io.pluralign.contracts.profile.ConceptIds;
import io.pluralign.engine.gguf.ControlVector;
import io.pluralign.engine.gguf.ControlVectorFiles;
import io.pluralign.engine.gguf.ControlVectorFormatException;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.servicekit.web.InvalidInput;
import io.pluralign.steering.config.SteeringProperties;
import io.pluralign.steering.domain.ConceptDefinition;
import io.pluralign.steering.domain.ConceptService;
import io.pluralign.steering.domain.ConceptVectors;
import io.pluralign.steering.domain.ContrastPair;
import io.pluralign.steering.domain.ServedModel;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Concepts: list and inspect them (with per-layer separability), define a tenant's own from contrast pairs (admins;
 * vectors are computed in the background), read how strongly texts express one, and exchange vectors as GGUF control
 * vector files (repeng, llama.cpp). Vectors only ever come from the platform's computation or an admin's import.
 */
@RestController
class ConceptsController {
    static final int MIN_PAIRS = 8;
    static final int MAX_PAIRS = 512;
    static final int MAX_TEXT = 4000;
    static final int MAX_READ_TEXTS = 64;

    private final ConceptService concepts;
    private final ServedModel served;
    private final SteeringProperties properties;
    private final JsonMapper json;

    ConceptsController(ConceptService concepts, ServedModel served, SteeringProperties properties, JsonMapper json) {
        this.concepts = concepts;
        this.served = served;
        this.properties = properties;
        this.json = json;
    }

    @GetMapping("/v1/concepts")
    Mono<Map<String, Object>> list(Caller caller) {
        return Blocking.call(() -> {
            List<ObjectNode> data = new ArrayList<>();
            concepts.list(caller.tenantId()).forEach(v -> data.add(render(v, false)));
            return Map.of("object", "list", "model", served.id(), "data", data);
        });
    }

    @GetMapping("/v1/concepts/{id}")
    Mono<ObjectNode> get(@PathVariable String id, Caller caller) {
        return Blocking.call(() -> render(find(caller, id), true));
    }

    @PostMapping("/v1/concepts")
    Mono<ResponseEntity<ObjectNode>> define(@RequestBody JsonNode body, Caller caller) {
        requireAdmin(caller, "define concepts");
        ConceptDefinition concept = readDefinition(body, caller.tenantId());
        return Blocking.call(() -> {
            ConceptService.ConceptView view = concepts.define(concept, caller.actor());
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .location(URI.create("/v1/concepts/" + concept.id()))
                    .body(render(view, true));
        });
    }

    @PostMapping("/v1/concepts/{id}/read")
    Mono<ObjectNode> read(@PathVariable String id, @RequestBody JsonNode body, Caller caller) {
        InvalidInput errors = new InvalidInput();
        List<String> texts = new ArrayList<>();
        JsonNode t = body.get("texts");
        if (t == null || !t.isArray() || t.isEmpty() || t.size() > MAX_READ_TEXTS) {
            errors.add("texts", "must be an array of 1 to " + MAX_READ_TEXTS + " strings");
        } else {
            for (int i = 0; i < t.size(); i++) {
                if (!t.get(i).isString() || t.get(i).asString().isBlank()) {
                    errors.add("texts[" + i + "]", "must be a non-empty string");
                } else {
                    texts.add(t.get(i).asString());
                }
            }
        }
        String prompt = optionalText(body, "prompt", errors);
        String system = optionalText(body, "system", errors);
        errors.throwIfAny();
        return Blocking.call(() -> {
            ConceptService.ConceptView view = find(caller, id);
            ConceptVectors vectors = view.vectors();
            if (vectors == null) {
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "concept '" + id + "' has no vectors on " + served.id() + " yet (status "
                                + (view.status() == null
                                        ? "unknown"
                                        : view.status().status()) + ")");
            }
            List<Double> scores;
            try {
                scores = concepts.read(vectors, system, prompt, texts);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            ObjectNode out = json.createObjectNode();
            out.put("concept", id);
            out.put("version", vectors.conceptVersion());
            out.put("model", served.id());
            ArrayNode layers = out.putArray("layers");
            for (int l : vectors.chosenLayers()) {
                layers.add(l);
            }
            out.put("scale", "-1 reads like the concept's negative examples, +1 like its positive ones");
            ArrayNode s = out.putArray("scores");
            scores.forEach(s::add);
            return out;
        });
    }

    @GetMapping(value = "/v1/concepts/{id}/vector")
    Mono<ResponseEntity<byte[]>> export(@PathVariable String id, Caller caller) {
        return Blocking.call(() -> {
            ConceptService.ConceptView view = find(caller, id);
            if (view.vectors() == null) {
                throw new ApiException(HttpStatus.CONFLICT, "concept '" + id + "' has no vectors yet");
            }
            TreeMap<Integer, float[]> directions =
                    new TreeMap<>(view.vectors().steering(properties.method(), properties.conceptNorm()));
            directions.remove(0); // block 0's output has no form in GGUF control vectors
            if (directions.isEmpty()) {
                throw new ApiException(
                        HttpStatus.CONFLICT, "concept '" + id + "' steers only layer 0, which GGUF cannot express");
            }
            byte[] gguf = ControlVectorFiles.toBytes(new ControlVector("llama", served.hiddenSize(), directions));
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_OCTET_STREAM)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".gguf\"")
                    .body(gguf);
        });
    }

    @PutMapping(value = "/v1/concepts/{id}/vector", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    Mono<ObjectNode> importVector(
            @PathVariable String id,
            @RequestParam(required = false) String description,
            @RequestBody byte[] body,
            Caller caller) {
        requireAdmin(caller, "import control vectors");
        checkId(id);
        ControlVector vector;
        try {
            vector = ControlVectorFiles.read(body, id + ".gguf");
        } catch (ControlVectorFormatException | IllegalArgumentException e) {
            throw ApiException.badRequest("not a usable GGUF control vector: " + e.getMessage());
        }
        ConceptDefinition concept = new ConceptDefinition(
                caller.tenantId(),
                id,
                1,
                description == null || description.isBlank() ? "imported control vector" : description,
                null,
                null,
                ConceptDefinition.ORIGIN_IMPORT,
                List.of(),
                digest(body));
        return Blocking.call(() -> {
            try {
                return render(concepts.importVectors(concept, vector.directions(), caller.actor()), true);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        });
    }

    private static String digest(byte[] file) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(file));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConceptService.ConceptView find(Caller caller, String id) {
        return concepts.find(caller.tenantId(), id)
                .orElseThrow(() -> ApiException.notFound("no concept '" + id + "': GET /v1/concepts lists them"));
    }

    private static void requireAdmin(Caller caller, String what) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("only admin keys may " + what);
        }
    }

    private static void checkId(String id) {
        if (!ConceptDefinition.ID.matcher(id).matches()) {
            throw ApiException.badRequest(
                    "concept id '" + id + "' must be lower-case words separated by dots," + " e.g. brand.playful");
        }
        if (ConceptIds.isSteerable(id) || ConceptIds.isSafety(id)) {
            throw ApiException.badRequest("'" + id + "' is a built-in concept and cannot be redefined");
        }
    }

    private ConceptDefinition readDefinition(JsonNode body, String tenant) {
        InvalidInput errors = new InvalidInput();
        String id = body.path("id").asString("");
        if (id.isEmpty()) {
            errors.add("id", "is required");
        } else {
            try {
                checkId(id);
            } catch (ApiException e) {
                errors.add("id", e.getBody().getDetail());
            }
        }
        String description = body.path("description").asString("");
        if (description.isBlank() || description.length() > 1000) {
            errors.add("description", "must be 1 to 1000 characters");
        }
        String positive = optionalText(body, "positive", errors);
        String negative = optionalText(body, "negative", errors);
        List<ContrastPair> pairs = new ArrayList<>();
        JsonNode p = body.get("pairs");
        if (p == null || !p.isArray() || p.size() < MIN_PAIRS || p.size() > MAX_PAIRS) {
            errors.add("pairs", "must be an array of " + MIN_PAIRS + " to " + MAX_PAIRS + " contrast pairs");
        } else {
            for (int i = 0; i < p.size(); i++) {
                JsonNode pair = p.get(i);
                String at = "pairs[" + i + "]";
                String up = pair.path("positive").asString("");
                String down = pair.path("negative").asString("");
                if (up.isBlank() || down.isBlank() || up.length() > MAX_TEXT || down.length() > MAX_TEXT) {
                    errors.add(at, "needs a positive and a negative text of 1 to " + MAX_TEXT + " characters");
                    continue;
                }
                pairs.add(new ContrastPair(
                        optionalText(pair, "system", errors), optionalText(pair, "prompt", errors), up, down));
            }
        }
        errors.throwIfAny();
        return new ConceptDefinition(
                tenant, id, 1, description, positive, negative, ConceptDefinition.ORIGIN_CONTRAST, pairs, null);
    }

    private static String optionalText(JsonNode node, String field, InvalidInput errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isString() || v.asString().length() > MAX_TEXT) {
            errors.add(field, "must be a string of at most " + MAX_TEXT + " characters");
            return null;
        }
        return v.asString();
    }

    private ObjectNode render(ConceptService.ConceptView view, boolean detail) {
        ConceptDefinition d = view.definition();
        ObjectNode out = json.createObjectNode();
        out.put("id", d.id());
        out.put("owner", d.isBuiltIn() ? "platform" : d.owner());
        out.put("description", d.description());
        if (d.positive() != null) {
            out.put("positive", d.positive());
        }
        if (d.negative() != null) {
            out.put("negative", d.negative());
        }
        out.put("origin", d.origin());
        out.put("version", d.version());
        if (!ConceptDefinition.ORIGIN_IMPORT.equals(d.origin())) {
            out.put("pairs", d.pairs().size());
        }
        out.put("model", served.id());
        out.put("status", view.status() == null ? "unknown" : view.status().status());
        out.put("progress", view.status() == null ? 0 : view.status().progress());
        if (view.status() != null && view.status().error() != null) {
            out.put("error", view.status().error());
        }
        ConceptVectors v = view.vectors();
        if (v != null) {
            ArrayNode chosen = out.putArray("chosenLayers");
            for (int l : v.chosenLayers()) {
                chosen.add(l);
            }
            out.put("method", properties.method().name().toLowerCase(java.util.Locale.ROOT));
            if (detail) {
                ArrayNode layers = out.putArray("layers");
                List<Integer> chosenList =
                        java.util.Arrays.stream(v.chosenLayers()).boxed().toList();
                v.fits().forEach((layer, fit) -> layers.add(layer(layer, fit, chosenList.contains(layer))));
            }
        }
        return out;
    }

    private ObjectNode layer(int layer, LayerFit fit, boolean chosen) {
        ObjectNode l = json.createObjectNode();
        l.put("layer", layer);
        l.put("chosen", chosen);
        number(l, "caaAccuracy", fit.meanDifferenceAccuracy());
        number(l, "repeAccuracy", fit.principalAccuracy());
        number(l, "effectSize", fit.effectSize());
        number(l, "typicalNorm", fit.typicalNorm());
        number(l, "vectorNorm", Vectors.norm(fit.meanDifference()));
        return l;
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
