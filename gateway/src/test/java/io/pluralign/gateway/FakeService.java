package io.pluralign.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for a Pluralign service: it answers every request with what it received (its own
 * name, method, raw path, query, headers and body), serves a tiny OpenAPI document (listing any caller headers it
 * got), and answers paths ending in
 * {@code /slow} only after {@link #SLOW} and paths ending in {@code /stream} with a few server-sent events.
 */
final class FakeService implements AutoCloseable {
    static final Duration SLOW = Duration.ofSeconds(3);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String name;
    private final HttpServer server;

    private FakeService(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    static FakeService start(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeService service = new FakeService(name, server);
            server.createContext("/", service::answer);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URI nothing listens on, standing in for a service that is down. */
    static URI nothingListening() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            String rawPath = exchange.getRequestURI().getRawPath();
            if (rawPath.endsWith("/slow")) {
                sleep(SLOW);
            }
            if (rawPath.endsWith("/stream")) {
                stream(exchange);
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((header, values) -> headers.put(header.toLowerCase(Locale.ROOT), values.get(0)));
            Map<String, Object> answer = new LinkedHashMap<>();
            if (rawPath.equals("/v3/api-docs")) {
                answer.put("openapi", "3.1.0");
                answer.put("info", Map.of("title", name, "version", "v1"));
                answer.put(
                        "callerHeaders",
                        headers.keySet().stream()
                                .filter(header -> header.startsWith("x-pluralign-"))
                                .toList());
            } else {
                answer.put("service", name);
                answer.put("method", exchange.getRequestMethod());
                answer.put("path", rawPath);
                answer.put("query", exchange.getRequestURI().getRawQuery());
                answer.put("headers", headers);
                answer.put("body", new String(requestBody, StandardCharsets.UTF_8));
            }
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Server-sent events, one every 100 ms, the way a generation streams its tokens. */
    private static void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String data : new String[] {"token-0", "token-1", "token-2", "[DONE]"}) {
                out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                sleep(Duration.ofMillis(100));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
