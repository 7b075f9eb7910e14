package io.pluralign.servicekit.config;

import io.pluralign.servicekit.web.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The service's OpenAPI description as API users see it through the gateway: relative server URL (the gateway's
 * origin), bearer API keys, and no trace of the internal {@link Caller} parameter.
 */
@AutoConfiguration
@ConditionalOnClass(SpringDocUtils.class)
public class OpenApiAutoConfiguration {
    private static final String API_KEY = "apiKey";

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI serviceOpenApi(@Value("${spring.application.name:pluralign}") String name) {
        return new OpenAPI()
                .info(new Info()
                        .title("Pluralign " + name)
                        .version("v1")
                        .description("Reached through the Pluralign gateway with an API key."))
                .servers(List.of(new Server().url("/").description("the Pluralign gateway")))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("A Pluralign API key: pk_<id>_<secret>")))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY));
    }
}
