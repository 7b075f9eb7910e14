package io.pluralign.infra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pluralign.infra.LaunchException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void aPortSomethingListensOnIsReportedWithItsOwner() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> PortCheck.requireFree(List.of(new PortCheck.Claim(port, "profile-service"))))
                    .isInstanceOf(LaunchException.class)
                    .hasMessageContaining("port " + port + " (profile-service) is already in use")
                    .hasMessageContaining("nothing was started");
        }
    }

    @Test
    void aListenerOnLoopbackOnlyCountsAsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(PortCheck.isFree(taken.getLocalPort())).isFalse();
        }
    }

    @Test
    void everyTakenPortIsListedAtOnce() throws Exception {
        try (ServerSocket first = new ServerSocket(0);
                ServerSocket second = new ServerSocket(0)) {
            assertThatThrownBy(() -> PortCheck.requireFree(List.of(
                            new PortCheck.Claim(first.getLocalPort(), "kafka"),
                            new PortCheck.Claim(second.getLocalPort(), "gateway"))))
                    .hasMessageContaining("port " + first.getLocalPort() + " (kafka) is already in use")
                    .hasMessageContaining("port " + second.getLocalPort() + " (gateway) is already in use");
        }
    }

    @Test
    void aPortGivenTwiceIsReported() {
        int port = PortCheck.resolve(0);
        assertThatThrownBy(() -> PortCheck.requireFree(
                        List.of(new PortCheck.Claim(port, "gateway"), new PortCheck.Claim(port, "reward-service"))))
                .hasMessageContaining("port " + port + " is configured for both gateway and reward-service");
    }

    @Test
    void freePortsPass() {
        int port = PortCheck.resolve(0);
        assertThat(port).isPositive();
        PortCheck.requireFree(List.of(new PortCheck.Claim(port, "gateway")));
        assertThat(PortCheck.resolve(8080)).isEqualTo(8080);
    }

    @Test
    void resolvedFreePortsAreNeverHandedOutTwice() {
        java.util.Set<Integer> ports = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            org.assertj.core.api.Assertions.assertThat(ports.add(PortCheck.resolve(0)))
                    .as("port handed out twice")
                    .isTrue();
        }
    }
}
