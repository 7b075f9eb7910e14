package io.pluralign.steering.config;

import io.pluralign.engine.EngineOptions;
import io.pluralign.engine.GenerationEngine;
import io.pluralign.engine.LanguageModel;
import io.pluralign.steering.domain.ServedModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the model once and runs one continuous-batching engine over it for every request. */
@Configuration(proxyBeanMethods = false)
public class EngineConfig {

    @Bean(destroyMethod = "close")
    LanguageModel languageModel(SteeringProperties properties) {
        return LanguageModel.load(properties.modelPath());
    }

    @Bean(destroyMethod = "close")
    GenerationEngine generationEngine(LanguageModel model, SteeringProperties properties) {
        return new GenerationEngine(
                model,
                EngineOptions.defaults()
                        .withSlots(properties.slots())
                        .withMaxLength(properties.maxLength())
                        .withMaxQueued(properties.maxQueued()));
    }

    @Bean
    ServedModel servedModel(LanguageModel model, GenerationEngine engine, SteeringProperties properties) {
        return ServedModel.of(properties.servedModelId(), properties.modelPath(), model, engine.contextLength());
    }
}
