package io.pluralign.steering;

import io.pluralign.testsupport.GatewayCaller;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the running service as the gateway would, for one tenant and role. */
public final class ServiceApi {
    public static final JsonMapper JSON = JsonMapper.shared();

    private final WebTestClient client;
    private final GatewayCaller caller;

    public ServiceApi(int port, GatewayCaller caller) {
        this.client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(120))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 << 20))
                .build();
        this.caller = caller;
    }

    /** A response's status, content type and body. */
    public record Response(int status, String contentType, String body, byte[] bytes) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    public Response get(String path) {
        return exchange(client.get()
                .uri(path)
                .headers(h -> caller.headers("GET", strip(path)).forEach(h::add)));
    }

    public Response post(String path, Object body) {
        return exchange(client.post()
                .uri(path)
                .headers(h -> caller.headers("POST", strip(path)).forEach(h::add))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body instanceof String s ? s : JSON.writeValueAsString(body)));
    }

    public Response put(String path, byte[] body) {
        return exchange(client.put()
                .uri(path)
                .headers(h -> caller.headers("PUT", strip(path)).forEach(h::add))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(body));
    }

    private static String strip(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static Response exchange(WebTestClient.RequestHeadersSpec<?> spec) {
        EntityExchangeResult<byte[]> result =
                spec.exchange().expectBody(byte[].class).returnResult();
        byte[] bytes = result.getResponseBody() == null ? new byte[0] : result.getResponseBody();
        MediaType type = result.getResponseHeaders().getContentType();
        return new Response(
                result.getStatus().value(),
                type == null ? "" : type.toString(),
                new String(bytes, java.nio.charset.StandardCharsets.UTF_8),
                bytes);
    }
}
