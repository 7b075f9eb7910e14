package io.pluralign.gateway.web;

import io.pluralign.gateway.domain.Caller;
import java.util.Optional;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;

/** The names and accessors of what the gateway's filters leave on an exchange. */
public final class Exchanges {
    /** Attribute holding the authenticated {@link Caller}; absent on requests outside {@code /v1}. */
    public static final String CALLER = "io.pluralign.gateway.caller";
    /** Attribute holding the request id chosen for this request. */
    public static final String REQUEST_ID = "io.pluralign.gateway.requestId";

    /** Route metadata naming the service a route leads to, for error messages and logs. */
    public static final String ROUTE_SERVICE = "pluralign.service";

    private Exchanges() {}

    public static Optional<Caller> caller(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getAttribute(CALLER));
    }

    public static String requestId(ServerWebExchange exchange) {
        String id = exchange.getAttribute(REQUEST_ID);
        return id == null ? "" : id;
    }

    /**
     * The request path as routing and handler mapping match it: percent-decoded, without {@code ;} parameters. Access
     * checks must look at this form, not the raw one, or an encoded path could slip past them.
     */
    static String matchedPath(ServerWebExchange exchange) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element element :
                exchange.getRequest().getPath().pathWithinApplication().elements()) {
            path.append(
                    element instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : element.value());
        }
        return path.toString();
    }

    /** True for the authenticated API, {@code /v1} and everything under it. */
    static boolean isApiPath(String path) {
        return path.equals("/v1") || path.startsWith("/v1/");
    }

    static boolean isAdminPath(String path) {
        return path.equals("/v1/admin") || path.startsWith("/v1/admin/");
    }
}
