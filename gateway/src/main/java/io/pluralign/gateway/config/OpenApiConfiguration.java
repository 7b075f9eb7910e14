package io.pluralign.gateway.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the gateway's own API at {@code /v3/api-docs}; each service's is at {@code /openapi/<service>}. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    @Bean
    OpenAPI gatewayOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Pluralign gateway")
                        .version("v1")
                        .description("Tenants and API keys. The services' APIs are at /openapi/profile,"
                                + " /openapi/steering, /openapi/reward and /openapi/trainer."))
                .components(new Components()
                        .addSecuritySchemes(
                                "apiKey",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("pk_<key id>_<secret>")));
    }
}
