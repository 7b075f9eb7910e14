package io.pluralign.steering.config;

import io.pluralign.engine.LanguageModel;
import io.pluralign.steering.domain.ActivationReader;
import io.pluralign.steering.domain.BuiltInConcepts;
import io.pluralign.steering.domain.ConceptDefinition;
import io.pluralign.steering.domain.ConceptService;
import io.pluralign.steering.domain.ContrastPair;
import io.pluralign.steering.domain.ResidualNorms;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The concepts side: built-in definitions, the model's residual norms, and starting the vector computations. */
@Configuration(proxyBeanMethods = false)
public class SteeringConfig {
    private static final Logger log = LoggerFactory.getLogger(SteeringConfig.class);

    /** Pairs per built-in concept whose answers sample the residual norms. */
    private static final int NORM_SAMPLES_PER_CONCEPT = 4;

    @Bean
    List<ConceptDefinition> builtInConcepts() {
        return BuiltInConcepts.load();
    }

    @Bean
    ActivationReader activationReader(LanguageModel model) {
        return new ActivationReader(model);
    }

    @Bean
    ResidualNorms residualNorms(ActivationReader reader, List<ConceptDefinition> builtInConcepts) {
        List<ActivationReader.Answer> samples = new ArrayList<>();
        for (ConceptDefinition concept : builtInConcepts) {
            List<ContrastPair> pairs = concept.pairs();
            for (int i = 0; i < Math.min(NORM_SAMPLES_PER_CONCEPT, pairs.size()); i++) {
                ContrastPair p = pairs.get(i);
                samples.add(new ActivationReader.Answer(p.system(), p.prompt(), p.positive()));
                samples.add(new ActivationReader.Answer(p.system(), p.prompt(), p.negative()));
            }
        }
        long started = System.nanoTime();
        ResidualNorms norms = ResidualNorms.measure(reader, samples);
        StringBuilder byLayer = new StringBuilder();
        for (int l = 0; l < norms.layers(); l++) {
            byLayer.append(l == 0 ? "" : ", ").append(String.format("%.2f", norms.at(l)));
        }
        log.info(
                "typical residual norms by layer [{}] from {} answers in {} ms",
                byLayer,
                samples.size(),
                (System.nanoTime() - started) / 1_000_000);
        return norms;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startConcepts(ApplicationReadyEvent event) {
        ConceptService concepts = event.getApplicationContext().getBean(ConceptService.class);
        @SuppressWarnings("unchecked")
        List<ConceptDefinition> builtIns =
                (List<ConceptDefinition>) event.getApplicationContext().getBean("builtInConcepts");
        concepts.start(builtIns);
    }
}
