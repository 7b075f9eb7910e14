package io.pluralign.servicekit.config;

import io.pluralign.contracts.http.GatewaySignature;
import io.pluralign.servicekit.peer.PeerClient;
import io.pluralign.servicekit.peer.PeerProperties;
import io.pluralign.servicekit.peer.SteeringActivations;
import io.pluralign.servicekit.web.CallerArgumentResolver;
import io.pluralign.servicekit.web.GatewayTrustFilter;
import io.pluralign.servicekit.web.ProblemAdvice;
import io.pluralign.servicekit.web.RequestIdFilter;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** Wires the service kit into every Pluralign service. */
@AutoConfiguration(beforeName = "org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration")
@EnableConfigurationProperties({TrustProperties.class, PeerProperties.class})
public class ServiceKitAutoConfiguration {

    @Bean
    PeerClient peerClient(TrustProperties trust, PeerProperties peers, JsonMapper json, Environment environment) {
        return new PeerClient(
                new GatewaySignature(trust.secret(), trust.maxAge()),
                environment.getProperty("spring.application.name", "pluralign"),
                json,
                peers.timeout(),
                Clock.systemUTC());
    }

    @Bean
    SteeringActivations steeringActivations(PeerClient peers, PeerProperties where) {
        return new SteeringActivations(peers, where);
    }

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    GatewayTrustFilter gatewayTrustFilter(TrustProperties trust) {
        return new GatewayTrustFilter(new GatewaySignature(trust.secret(), trust.maxAge()), Clock.systemUTC());
    }

    @Bean
    ProblemAdvice problemAdvice() {
        return new ProblemAdvice();
    }

    @Bean
    WebFluxConfigurer callerArgumentResolverConfigurer() {
        return new WebFluxConfigurer() {
            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(new CallerArgumentResolver());
            }
        };
    }
}
