package io.pluralign.profile.api;

import io.pluralign.testsupport.GatewayCaller;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Requests to the service under test as the gateway sends them: signed for a caller, optionally conditional. */
final class SignedRequests {

    private SignedRequests() {}

    /**
     * @param pathAndQuery the path is signed; a query is sent but not part of the signature
     * @param contentType of {@code body}; both null for a request without a body
     * @param ifMatch an {@code If-Match} value, or null
     */
    static WebTestClient.ResponseSpec send(
            int port,
            GatewayCaller caller,
            HttpMethod method,
            String pathAndQuery,
            String contentType,
            String body,
            String ifMatch) {
        var request = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build()
                .method(method)
                .uri(pathAndQuery)
                .headers(h -> caller.headers(method.name(), pathAndQuery.split("[?]")[0])
                        .forEach(h::set));
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return body == null
                ? request.exchange()
                : request.contentType(MediaType.parseMediaType(contentType))
                        .bodyValue(body)
                        .exchange();
    }
}
