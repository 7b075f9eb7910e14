package io.pluralign.testsupport;

import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/** Points a Spring test context at the test class's own database and the shared Kafka broker. */
final class RealInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        boolean marked = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(RealInfrastructure.class);
        return marked ? new Customizer(testClass) : null;
    }

    /** One per test class: equal only for the same class, so each class gets its own context and database. */
    private record Customizer(Class<?> testClass) implements ContextCustomizer {
        @Override
        public void customizeContext(
                org.springframework.context.ConfigurableApplicationContext context,
                org.springframework.test.context.MergedContextConfiguration mergedConfig) {
            TestInfrastructure infra = SharedInfrastructure.get().forClass(testClass);
            Map<String, Object> properties = Map.of(
                    "spring.datasource.url", infra.database().jdbcUrl(),
                    "spring.datasource.username", infra.database().username(),
                    "spring.datasource.password", infra.database().password(),
                    "spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers(),
                    "pluralign.test.isolation-prefix", infra.isolationPrefix());
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("pluralign-real-infrastructure", properties));
        }
    }
}
