package io.pluralign.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stands in for a Spring Boot app in launcher tests: serves {@code /actuator/health} on {@code SERVER_PORT} and shows
 * the environment it was given on {@code /env}. {@code FAKE_BEHAVIOUR=reward-service=crash,gateway=down} makes an app
 * exit during startup or stay DOWN.
 */
public final class FakeApp {
    private FakeApp() {}

    public static void main(String[] args) throws IOException {
        String name = appName();
        String behaviour = behaviour(name);
        System.out.println("fake " + name + " starting");
        if (behaviour.equals("crash")) {
            for (int line = 1; line <= 60; line++) {
                System.out.println("fake " + name + " log line " + line);
            }
            System.err.println("Fake failure: " + name + " could not connect to its imaginary dependency");
            System.exit(3);
        }
        boolean up = !behaviour.equals("down");
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(System.getenv("SERVER_PORT"))), 0);
        server.createContext(
                "/actuator/health",
                exchange -> respond(exchange, up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}"));
        server.createContext("/env", exchange -> respond(exchange, 200, environment()));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("fake " + name + " stopping gracefully");
            server.stop(0);
        }));
    }

    /** From the jar being run: {@code .../profile-service-0.1.0-SNAPSHOT-exec.jar} is {@code profile-service}. */
    private static String appName() {
        String command = System.getProperty("sun.java.command");
        String jar = command.split(" ")[0];
        String file = jar.substring(jar.lastIndexOf('/') + 1);
        return file.substring(0, file.indexOf("-0."));
    }

    private static String behaviour(String name) {
        for (String rule : System.getenv().getOrDefault("FAKE_BEHAVIOUR", "").split(",")) {
            String[] parts = rule.split("=");
            if (parts.length == 2 && parts[0].equals(name)) {
                return parts[1];
            }
        }
        return "normal";
    }

    private static String environment() {
        StringBuilder text = new StringBuilder();
        Map<String, String> sorted = new TreeMap<>(System.getenv());
        sorted.forEach(
                (key, value) -> text.append(key).append('=').append(value).append('\n'));
        text.append("pid=").append(ProcessHandle.current().pid()).append('\n');
        return text.toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
