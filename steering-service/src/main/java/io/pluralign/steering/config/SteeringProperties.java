package io.pluralign.steering.config;

import io.pluralign.alignment.steering.LayerFit;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How steering-service serves its model and steers it.
 *
 * @param modelPath the Hugging Face model folder to serve
 * @param modelId the name clients use in {@code model}; the folder's name when empty
 * @param slots sequences decoded together at most
 * @param maxLength tokens per sequence, prompt included (capped by the model's context length)
 * @param maxQueued requests waiting for a slot before new ones get 429
 * @param defaultMaxTokens max_tokens when a request names none (capped by what the context leaves)
 * @param budgetFraction a layer's total steering norm is at most this fraction of its typical residual norm (chosen from
 *     the fluency curve of {@code bench/steering-budget}, docs/benchmarks.md)
 * @param conceptNorm a computed concept's vector at coefficient 1: its direction with this fraction of the layer's
 *     typical residual norm
 * @param maxLayers layers a concept steers at most; 0 for a third of the model's layers
 * @param method how a concept's steering direction is read from its contrast pairs
 * @param maxImportedNormFraction an imported vector's norm at a layer may be at most this fraction of the typical norm
 * @param computeOnStart compute missing concept vectors for the served model at start
 */
@ConfigurationProperties("pluralign.steering")
public record SteeringProperties(
        @DefaultValue("models/pluralign-mini") Path modelPath,
        @DefaultValue("") String modelId,
        @DefaultValue("16") int slots,
        @DefaultValue("1024") int maxLength,
        @DefaultValue("64") int maxQueued,
        @DefaultValue("256") int defaultMaxTokens,
        @DefaultValue("0.15") double budgetFraction,
        @DefaultValue("0.1") double conceptNorm,
        @DefaultValue("0") int maxLayers,
        @DefaultValue("MEAN_DIFFERENCE") LayerFit.Method method,
        @DefaultValue("1.0") double maxImportedNormFraction,
        @DefaultValue("true") boolean computeOnStart) {

    /** The model's public name. */
    public String servedModelId() {
        return modelId.isBlank()
                ? modelPath.toAbsolutePath().normalize().getFileName().toString()
                : modelId;
    }
}
