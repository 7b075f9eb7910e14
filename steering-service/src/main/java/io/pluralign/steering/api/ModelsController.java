package io.pluralign.steering.api;

import io.pluralign.servicekit.web.ApiException;
import io.pluralign.steering.domain.ServedModel;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: the one model this service serves, in the OpenAI API's shape. */
@RestController
class ModelsController {
    private final ServedModel served;

    ModelsController(ServedModel served) {
        this.served = served;
    }

    @GetMapping("/v1/models")
    Map<String, Object> list() {
        return Map.of("object", "list", "data", List.of(model()));
    }

    @GetMapping("/v1/models/{id}")
    Map<String, Object> get(@PathVariable String id) {
        if (!served.id().equals(id)) {
            throw ApiException.notFound("The model '" + id + "' does not exist");
        }
        return model();
    }

    private Map<String, Object> model() {
        return Map.of(
                "id", served.id(),
                "object", "model",
                "created", served.created().getEpochSecond(),
                "owned_by", "pluralign",
                "context_length", served.contextLength(),
                "num_layers", served.numLayers(),
                "hidden_size", served.hiddenSize(),
                "model_key", served.vectorsKey());
    }
}
