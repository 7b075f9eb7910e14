package io.pluralign.gateway.config;

import io.pluralign.gateway.web.Exchanges;
import java.net.URI;
import java.util.Map;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which service answers which path. Paths are forwarded unchanged, so the path a service sees is the path the
 * gateway signed. {@code /openapi/<service>} serves that service's OpenAPI document without authentication;
 * {@code /v1/admin} is answered by the gateway itself, and any other {@code /v1} path by a 404 problem. Routes are
 * looked up before the gateway's own handlers ({@code spring.cloud.gateway.server.webflux.handler-mapping.order}),
 * so no route may cover a path the gateway answers itself: {@code /v1/admin}, {@code /console}, {@code /actuator},
 * {@code /v3/api-docs}.
 */
@Configuration(proxyBeanMethods = false)
public class RoutesConfiguration {
    private static final String SERVICE_API_DOCS = "/v3/api-docs";

    @Bean
    RouteLocator pluralignRoutes(RouteLocatorBuilder routes, GatewayProperties properties) {
        GatewayProperties.Services services = properties.services();
        Map<String, URI> byName = Map.of(
                "profile", services.profile(),
                "steering", services.steering(),
                "reward", services.reward(),
                "trainer", services.trainer());
        RouteLocatorBuilder.Builder builder = routes.routes()
                .route(
                        "profile",
                        r -> r.path("/v1/users/**", "/v1/questionnaire/**")
                                .metadata(Exchanges.ROUTE_SERVICE, "profile")
                                .uri(services.profile()))
                .route(
                        "steering",
                        r -> r.path(
                                        "/v1/chat/**",
                                        "/v1/completions/**",
                                        "/v1/models/**",
                                        "/v1/concepts/**",
                                        "/v1/generations/**",
                                        "/v1/embeddings/**",
                                        "/v1/activations/**")
                                .metadata(Exchanges.ROUTE_SERVICE, "steering")
                                .uri(services.steering()))
                .route(
                        "reward",
                        r -> r.path("/v1/rewards/**")
                                .metadata(Exchanges.ROUTE_SERVICE, "reward")
                                .uri(services.reward()))
                .route(
                        "trainer",
                        r -> r.path("/v1/feedback/**")
                                .metadata(Exchanges.ROUTE_SERVICE, "trainer")
                                .uri(services.trainer()));
        for (Map.Entry<String, URI> service : byName.entrySet()) {
            String name = service.getKey();
            builder = builder.route(
                    name + "-openapi",
                    r -> r.path("/openapi/" + name)
                            .and()
                            .method("GET")
                            .filters(f -> f.setPath(SERVICE_API_DOCS))
                            .metadata(Exchanges.ROUTE_SERVICE, name)
                            .uri(service.getValue()));
        }
        return builder.build();
    }
}
