package io.pluralign.trainer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of trainer-service. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class TrainerServiceApplication {
    public static void main(String[] args) {
        SpringApplication.run(TrainerServiceApplication.class, args);
    }
}
