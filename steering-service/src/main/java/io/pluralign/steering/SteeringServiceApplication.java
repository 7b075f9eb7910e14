package io.pluralign.steering;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of steering-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SteeringServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(SteeringServiceApplication.class, args);
    }
}
