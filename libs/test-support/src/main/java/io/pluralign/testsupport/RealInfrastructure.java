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
 * <p>On a {@code @SpringBootTest} it sets {@code spring.datasource.*} (a database created for this class alone),
 * {@code spring.kafka.bootstrap-servers} and {@code pluralign.test.isolation-prefix}; any test may also take a
 * {@link TestInfrastructure} parameter. The broker is shared: a class keeps its topics and consumer groups apart
 * with {@link TestInfrastructure#unique}, and its records apart on the platform's topics with tenants of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RealInfrastructureExtension.class)
public @interface RealInfrastructure {}
