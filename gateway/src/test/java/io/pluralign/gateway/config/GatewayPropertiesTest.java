package io.pluralign.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** How an operator configures the gateway: defaults, environment variables, and refusals of bad settings. */
class GatewayPropertiesTest {
    private static final String SECRET = "a-trust-secret-of-at-least-32-bytes!";

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({GatewayProperties.class, TrustProperties.class})
    static class Properties {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Properties.class);

    @Test
    void defaultsPointAtLocalServices() {
        runner.withPropertyValues("pluralign.trust.secret=" + SECRET).run(context -> {
            GatewayProperties gateway = context.getBean(GatewayProperties.class);
            assertThat(gateway.services().profile()).isEqualTo(URI.create("http://localhost:8081"));
            assertThat(gateway.services().steering()).isEqualTo(URI.create("http://localhost:8082"));
            assertThat(gateway.services().reward()).isEqualTo(URI.create("http://localhost:8083"));
            assertThat(gateway.services().trainer()).isEqualTo(URI.create("http://localhost:8084"));
            assertThat(gateway.rootTenant()).isEqualTo("platform");
            assertThat(gateway.rateLimit().requestsPerSecond()).isEqualTo(50);
            assertThat(gateway.rateLimit().burst()).isEqualTo(100);
            assertThat(gateway.keyCacheTtl()).isEqualTo(Duration.ofSeconds(30));
            assertThat(gateway.hasBootstrapAdminKey()).isFalse();
        });
    }

    @Test
    void environmentVariablesSetEverything() {
        Map<String, Object> environment = Map.of(
                "PLURALIGN_TRUST_SECRET", SECRET,
                "PLURALIGN_GATEWAY_SERVICES_STEERING", "http://steering-service:8080",
                "PLURALIGN_GATEWAY_BOOTSTRAP_ADMIN_KEY", "pk_0123456789ab_abcdefghijklmnop",
                "PLURALIGN_GATEWAY_ROOT_TENANT", "ops",
                "PLURALIGN_GATEWAY_RATE_LIMIT_REQUESTS_PER_SECOND", "5",
                "PLURALIGN_GATEWAY_KEY_CACHE_TTL", "10s");
        runner.withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", environment)))
                .run(context -> {
                    GatewayProperties gateway = context.getBean(GatewayProperties.class);
                    assertThat(context.getBean(TrustProperties.class).secret()).isEqualTo(SECRET);
                    assertThat(gateway.services().steering()).isEqualTo(URI.create("http://steering-service:8080"));
                    assertThat(gateway.bootstrapAdminKey()).isEqualTo("pk_0123456789ab_abcdefghijklmnop");
                    assertThat(gateway.rootTenant()).isEqualTo("ops");
                    assertThat(gateway.rateLimit().requestsPerSecond()).isEqualTo(5);
                    assertThat(gateway.keyCacheTtl()).isEqualTo(Duration.ofSeconds(10));
                    // Secrets stay out of anything that prints the settings.
                    assertThat(gateway.toString()).doesNotContain("abcdefghijklmnop");
                    assertThat(context.getBean(TrustProperties.class).toString())
                            .doesNotContain(SECRET);
                });
    }

    @Test
    void refusesToStartWithoutATrustSecret() {
        runner.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("pluralign.trust")
                .hasMessageContaining("secret"));
    }

    @Test
    void refusesATrustSecretShorterThan32Bytes() {
        runner.withPropertyValues("pluralign.trust.secret=too-short")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("at least 32 bytes"));
    }

    @Test
    void refusesANonPositiveRateLimit() {
        runner.withPropertyValues(
                        "pluralign.trust.secret=" + SECRET, "pluralign.gateway.rate-limit.requests-per-second=0")
                .run(context -> assertThat(context).hasFailed());
    }
}
