package io.pluralign.gateway.config;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves the admin console's entry page at {@code /console/}; its other files are plain static resources. */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

    @Bean
    RouterFunction<ServerResponse> consoleIndex(@Value("classpath:/static/console/index.html") Resource index) {
        return RouterFunctions.route(
                GET("/console").or(GET("/console/")),
                request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(index));
    }
}
