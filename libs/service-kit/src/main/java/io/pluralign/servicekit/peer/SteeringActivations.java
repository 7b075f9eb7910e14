package io.pluralign.servicekit.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Pooled activations of answers from steering-service's {@code POST /v1/activations} (the served model's mean over the
 * response's tokens), {@value #BATCH} answers per call; and the served model's shape from {@code GET /v1/models}. For
 * the services that learn and score rewards.
 */
public final class SteeringActivations {
    static final int BATCH = 64;

    /** An answer to measure: the system message (or null), the prompt and the response. */
    public record Item(String system, String prompt, String response) {}

    /** The served model: its id, the key of its weights, and its shape. */
    public record ModelShape(String id, String modelKey, int numLayers, int hiddenSize) {}

    /** Activations measured on the model {@code modelKey}: per item, in order, [layers][hidden]. */
    public record Measured(String modelKey, List<float[][]> activations) {}

    private final PeerClient peers;
    private final PeerProperties where;

    public SteeringActivations(PeerClient peers, PeerProperties where) {
        this.peers = peers;
        this.where = where;
    }

    public ModelShape shape(String tenant) {
        JsonNode model =
                peers.get(where.steering(), "/v1/models", tenant).path("data").get(0);
        return new ModelShape(
                model.path("id").asString(),
                model.path("model_key").asString(),
                model.path("num_layers").asInt(),
                model.path("hidden_size").asInt());
    }

    /**
     * @throws PeerCallException when steering-service is away or refuses an answer
     */
    public Measured measure(String tenant, List<Item> items, int[] layers) {
        List<float[][]> out = new ArrayList<>(items.size());
        String modelKey = null;
        for (int from = 0; from < items.size(); from += BATCH) {
            List<Item> batch = items.subList(from, Math.min(items.size(), from + BATCH));
            List<Map<String, String>> body = new ArrayList<>();
            for (Item a : batch) {
                Map<String, String> item = new LinkedHashMap<>();
                if (a.system() != null) {
                    item.put("system", a.system());
                }
                item.put("prompt", a.prompt());
                item.put("response", a.response());
                body.add(item);
            }
            JsonNode answer =
                    peers.post(where.steering(), "/v1/activations", tenant, Map.of("items", body, "layers", layers));
            String key = answer.path("modelKey").asString();
            if (modelKey != null && !modelKey.equals(key)) {
                throw new PeerCallException(0, "steering-service changed models during a measurement", null);
            }
            modelKey = key;
            for (JsonNode perLayer : answer.path("activations")) {
                float[][] values = new float[layers.length][];
                for (int l = 0; l < layers.length; l++) {
                    JsonNode v = perLayer.get(l);
                    values[l] = new float[v.size()];
                    for (int j = 0; j < v.size(); j++) {
                        values[l][j] = (float) v.get(j).asDouble();
                    }
                }
                out.add(values);
            }
        }
        return new Measured(modelKey, out);
    }
}
