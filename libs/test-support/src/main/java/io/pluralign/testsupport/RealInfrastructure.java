package io.pluralign.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real PostgreSQL database of its own and a real Kafka broker.
 *
 * <p>On a {@code @SpringBootTest} it sets {@code spring.datasource.*}, {@code spring.kafka.bootstrap-servers} and
 * {@code spring.cloud.stream.kafka.binder.brokers}; any test may also take a {@link TestInfrastructure} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealInfrastructureExtension.class)
public @interface RealInfrastructure {}
