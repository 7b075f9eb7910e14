package io.pluralign.infra.internal;

import io.pluralign.infra.LaunchException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finds taken ports before anything starts, so that a second launcher fails at once instead of half-way. */
public final class PortCheck {

    /** A port and the process that is going to listen on it, for the message. */
    public record Claim(int port, String owner) {}

    private PortCheck() {}

    /** Throws a {@link LaunchException} naming every port that is taken or claimed twice. */
    public static void requireFree(List<Claim> claims) {
        List<String> problems = new ArrayList<>();
        Map<Integer, String> seen = new HashMap<>();
        for (Claim claim : claims) {
            String other = seen.putIfAbsent(claim.port(), claim.owner());
            if (other != null) {
                problems.add("port " + claim.port() + " is configured for both " + other + " and " + claim.owner());
            } else if (!isFree(claim.port())) {
                problems.add("port " + claim.port() + " (" + claim.owner() + ") is already in use");
            }
        }
        if (!problems.isEmpty()) {
            throw new LaunchException(
                    String.join("\n", problems)
                            + "\nStop whatever listens there (another ./pluralign?) or choose other ports; nothing was started.");
        }
    }

    /** True when nothing listens on {@code port} on any local address. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** Ports handed out by {@link #resolve} in this JVM: the system may offer a just-closed port again. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free a moment ago and was not handed out before in this JVM (so two apps of one platform never
     * get the same one); {@code 0} for a port of 0, the given port otherwise.
     */
    public static int resolve(int port) {
        if (port != 0) {
            return port;
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(0));
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new LaunchException("could not find a free port: " + e.getMessage(), e);
            }
        }
        throw new LaunchException("could not find a free port not handed out before");
    }
}
