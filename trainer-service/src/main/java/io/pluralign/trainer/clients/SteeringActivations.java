package io.pluralign.trainer.clients;

import io.pluralign.servicekit.peer.PeerClient;
import io.pluralign.servicekit.peer.PeerProperties;
import io.pluralign.trainer.domain.Answer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads pooled activations of answers from steering-service's {@code POST /v1/activations} (the served model's mean
 * over the response's tokens), {@value #BATCH} answers per call.
 */
@Component
public class SteeringActivations {
    static final int BATCH = 64;

    /** The served model's shape, from {@code GET /v1/models}. */
    public record ModelShape(String id, String modelKey, int numLayers, int hiddenSize) {}

    /** Activations measured on the model {@code modelKey}: per answer key, [layers][hidden]. */
    public record Measured(String modelKey, Map<String, float[][]> byAnswer) {}

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
     * @throws io.pluralign.servicekit.peer.PeerCallException when steering-service is away or refuses an answer
     */
    public Measured measure(String tenant, List<Answer> answers, int[] layers) {
        Map<String, float[][]> out = new LinkedHashMap<>();
        String modelKey = null;
        for (int from = 0; from < answers.size(); from += BATCH) {
            List<Answer> batch = answers.subList(from, Math.min(answers.size(), from + BATCH));
            List<Map<String, String>> items = new ArrayList<>();
            for (Answer a : batch) {
                Map<String, String> item = new LinkedHashMap<>();
                if (a.system() != null) {
                    item.put("system", a.system());
                }
                item.put("prompt", a.prompt());
                item.put("response", a.response());
                items.add(item);
            }
            JsonNode body =
                    peers.post(where.steering(), "/v1/activations", tenant, Map.of("items", items, "layers", layers));
            modelKey = body.path("modelKey").asString();
            JsonNode activations = body.path("activations");
            for (int i = 0; i < batch.size(); i++) {
                JsonNode perLayer = activations.get(i);
                float[][] values = new float[layers.length][];
                for (int l = 0; l < layers.length; l++) {
                    JsonNode v = perLayer.get(l);
                    values[l] = new float[v.size()];
                    for (int j = 0; j < v.size(); j++) {
                        values[l][j] = (float) v.get(j).asDouble();
                    }
                }
                out.put(batch.get(i).key(), values);
            }
        }
        return new Measured(modelKey, out);
    }
}
