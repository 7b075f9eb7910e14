package io.pluralign.steering.events;

import io.pluralign.contracts.events.Topics;
import io.pluralign.servicekit.events.TopicFollower;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * The topics every instance reads whole: profiles (each user's latest on the compacted topic) and prototype steering
 * vectors (each tenant's latest). Their health reports each as out of service until it has caught up.
 */
@Configuration(proxyBeanMethods = false)
class FollowersConfig {

    @Bean
    TopicFollower profileReplay(
            ConsumerFactory<String, String> consumers,
            ProfileListener listener,
            @Value("${pluralign.steering.profiles.listen:true}") boolean enabled) {
        return new TopicFollower(consumers, Topics.PROFILE_CHANGED, listener::onProfileChanged, enabled);
    }

    @Bean
    TopicFollower prototypeReplay(
            ConsumerFactory<String, String> consumers,
            SteeringUpdatedListener listener,
            @Value("${pluralign.steering.profiles.listen:true}") boolean enabled) {
        return new TopicFollower(consumers, Topics.STEERING_UPDATED, listener::onSteeringUpdated, enabled);
    }
}
