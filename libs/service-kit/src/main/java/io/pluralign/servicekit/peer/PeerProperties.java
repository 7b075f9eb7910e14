package io.pluralign.servicekit.peer;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the other services listen ({@code PLURALIGN_PEERS_STEERING}, ...; the launcher sets them), and how long a call
 * to one may take.
 */
@ConfigurationProperties("pluralign.peers")
public record PeerProperties(
        @DefaultValue("http://localhost:8081") URI profile,
        @DefaultValue("http://localhost:8082") URI steering,
        @DefaultValue("http://localhost:8083") URI reward,
        @DefaultValue("http://localhost:8084") URI trainer,
        @DefaultValue("60s") Duration timeout) {}
