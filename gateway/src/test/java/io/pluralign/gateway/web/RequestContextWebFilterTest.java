package io.pluralign.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.pluralign.contracts.http.GatewayHeaders;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** What the outermost filter does to the request before anything else in the gateway sees it. */
class RequestContextWebFilterTest {
    private final RequestContextWebFilter filter = new RequestContextWebFilter(
            new ProblemResponder(JsonMapper.builder().build()));

    @Test
    void callerHeadersAClientSentAreGoneBeforeTheNextFilter() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/admin/tenants")
                .header(GatewayHeaders.TENANT, "forged")
                .header("x-PLURALIGN-anything", "forged")
                .header("X-Other", "kept"));

        HttpHeaders seen = pass(exchange).getRequest().getHeaders();

        assertThat(seen.containsHeader(GatewayHeaders.TENANT)).isFalse();
        assertThat(seen.containsHeader("X-Pluralign-Anything")).isFalse();
        assertThat(seen.getFirst("X-Other")).isEqualTo("kept");
    }

    @Test
    void aRequestWithoutCallerHeadersIsPassedOnAsItCame() {
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.get("/v1/models").header(GatewayHeaders.REQUEST_ID, "req-1"));

        ServerWebExchange seen = pass(exchange);

        assertThat(seen.getRequest()).isSameAs(exchange.getRequest());
        assertThat(Exchanges.requestId(seen)).isEqualTo("req-1");
    }

    @Test
    void recognisesCallerHeaderNamesInAnyCase() {
        assertThat(RequestContextWebFilter.isCallerHeader("X-Pluralign-Tenant")).isTrue();
        assertThat(RequestContextWebFilter.isCallerHeader("x-pluralign-")).isTrue();
        assertThat(RequestContextWebFilter.isCallerHeader("X-PLURALIGN-NEW")).isTrue();
        assertThat(RequestContextWebFilter.isCallerHeader("X-Pluralign")).isFalse();
        assertThat(RequestContextWebFilter.isCallerHeader("X-Request-Id")).isFalse();
        assertThat(RequestContextWebFilter.isCallerHeader("Authorization")).isFalse();
    }

    @Test
    void findsCallerHeadersInNettysOwnHeaderList() {
        DefaultHttpHeaders plain = new DefaultHttpHeaders();
        plain.add("Host", "gateway").add("Authorization", "Bearer x");
        assertThat(RequestContextWebFilter.hasCallerHeaders(plain)).isFalse();

        plain.add("x-pluralign-ROLE", "admin");
        assertThat(RequestContextWebFilter.hasCallerHeaders(plain)).isTrue();
    }

    private ServerWebExchange pass(ServerWebExchange exchange) {
        AtomicReference<ServerWebExchange> next = new AtomicReference<>();
        filter.filter(exchange, passed -> {
                    next.set(passed);
                    return Mono.empty();
                })
                .block();
        return next.get();
    }
}
