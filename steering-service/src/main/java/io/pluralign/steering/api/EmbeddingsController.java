package io.pluralign.steering.api;

import io.pluralign.alignment.steering.Vectors;
import io.pluralign.servicekit.web.ApiException;
import io.pluralign.servicekit.web.Blocking;
import io.pluralign.servicekit.web.Caller;
import io.pluralign.servicekit.web.InvalidInput;
import io.pluralign.steering.domain.ActivationReader;
import io.pluralign.steering.domain.ServedModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/embeddings} in the OpenAI API's shape: the token-mean of the last block's output, unit length; and
 * {@code POST /v1/activations} (admin keys: the platform's own services), pooled activations of answers at chosen
 * layers, for reward learning.
 */
@RestController
class EmbeddingsController {
    static final int MAX_INPUTS = 256;

    private final ActivationReader reader;
    private final ServedModel served;
    private final JsonMapper json;

    EmbeddingsController(ActivationReader reader, ServedModel served, JsonMapper json) {
        this.reader = reader;
        this.served = served;
        this.json = json;
    }

    @PostMapping("/v1/embeddings")
    Mono<ObjectNode> embeddings(@RequestBody JsonNode body, Caller caller) {
        InvalidInput errors = new InvalidInput();
        String model = body.path("model").asString("");
        if (!served.id().equals(model)) {
            errors.add(
                    "model",
                    model.isEmpty()
                            ? "is required"
                            : "'" + model + "' does not exist; this server serves '" + served.id() + "'");
        }
        List<String> inputs = new ArrayList<>();
        JsonNode input = body.get("input");
        if (input != null && input.isString()) {
            inputs.add(input.asString());
        } else if (input != null && input.isArray() && !input.isEmpty() && input.size() <= MAX_INPUTS) {
            for (JsonNode i : input) {
                if (!i.isString()) {
                    errors.add("input", "must be a string or an array of strings (token arrays are not supported)");
                    break;
                }
                inputs.add(i.asString());
            }
        } else {
            errors.add("input", "must be a string or an array of 1 to " + MAX_INPUTS + " strings");
        }
        if (inputs.stream().anyMatch(String::isEmpty)) {
            errors.add("input", "must not contain empty strings");
        }
        String format = body.path("encoding_format").asString("float");
        if (!format.equals("float") && !format.equals("base64")) {
            errors.add("encoding_format", "must be float or base64");
        }
        if (body.has("dimensions") && !body.get("dimensions").isNull()) {
            errors.add(
                    "dimensions", "is not supported: embeddings have the model's hidden size, " + served.hiddenSize());
        }
        errors.throwIfAny();
        return Blocking.call(() -> {
            int last = served.numLayers() - 1;
            float[][][] pooled;
            try {
                pooled = reader.textMean(inputs, new int[] {last});
            } catch (IllegalArgumentException e) {
                throw OpenAiProblems.invalid("input", e.getMessage());
            }
            ObjectNode out = json.createObjectNode();
            out.put("object", "list");
            ArrayNode data = out.putArray("data");
            int tokens = 0;
            for (int i = 0; i < inputs.size(); i++) {
                float[] v = Vectors.unit(pooled[i][0]);
                ObjectNode e = data.addObject();
                e.put("object", "embedding");
                e.put("index", i);
                if (format.equals("base64")) {
                    ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    for (float f : v) {
                        bytes.putFloat(f);
                    }
                    e.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
                } else {
                    ArrayNode values = e.putArray("embedding");
                    for (float f : v) {
                        values.add(f);
                    }
                }
                tokens += reader.tokenCount(inputs.get(i));
            }
            out.put("model", served.id());
            ObjectNode usage = out.putObject("usage");
            usage.put("prompt_tokens", tokens);
            usage.put("total_tokens", tokens);
            return out;
        });
    }

    @PostMapping("/v1/activations")
    Mono<ObjectNode> activations(@RequestBody JsonNode body, Caller caller) {
        if (!caller.isAdmin()) {
            throw ApiException.forbidden("activations are for the platform's services (admin keys)");
        }
        InvalidInput errors = new InvalidInput();
        List<ActivationReader.Answer> answers = new ArrayList<>();
        JsonNode items = body.get("items");
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > MAX_INPUTS) {
            errors.add("items", "must be an array of 1 to " + MAX_INPUTS + " {prompt, response} objects");
        } else {
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                String response = item.path("response").asString("");
                if (response.isBlank()) {
                    errors.add("items[" + i + "].response", "is required");
                    continue;
                }
                answers.add(new ActivationReader.Answer(
                        item.path("system").isString() ? item.path("system").asString() : null,
                        item.path("prompt").asString(""),
                        response));
            }
        }
        int[] layers;
        JsonNode l = body.get("layers");
        if (l == null || l.isNull()) {
            layers = new int[] {served.numLayers() - 1};
        } else if (!l.isArray() || l.isEmpty()) {
            errors.add("layers", "must be an array of layer indices");
            layers = new int[0];
        } else {
            layers = new int[l.size()];
            for (int i = 0; i < l.size(); i++) {
                int layer = l.get(i).asInt(-1);
                if (!l.get(i).isIntegralNumber() || layer < 0 || layer >= served.numLayers()) {
                    errors.add("layers[" + i + "]", "must be a layer from 0 to " + (served.numLayers() - 1));
                }
                layers[i] = layer;
            }
        }
        errors.throwIfAny();
        return Blocking.call(() -> {
            ObjectNode out = json.createObjectNode();
            out.put("model", served.id());
            out.put("modelKey", served.vectorsKey());
            out.put("pooling", "mean over the response's tokens");
            ArrayNode layerList = out.putArray("layers");
            for (int layer : layers) {
                layerList.add(layer);
            }
            ArrayNode data = out.putArray("activations");
            for (ActivationReader.Answer answer : answers) {
                float[][] acts;
                try {
                    acts = reader.answerMean(answer, layers);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                ArrayNode perLayer = data.addArray();
                for (float[] a : acts) {
                    ArrayNode values = perLayer.addArray();
                    for (float f : a) {
                        values.add(f);
                    }
                }
            }
            return out;
        });
    }
}
