package io.pluralign.servicekit.web;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import io.pluralign.contracts.http.RequestIdFormat;
import org.slf4j.MDC;
import org.springframework.web.server.ServerWebExchange;

/**
 * Request ids: accepted from the gateway (or a client) when well formed, generated otherwise, and carried from the
 * Reactor context into the logging MDC by context propagation so every log line of the request shows it.
 */
public final class RequestIds {
    /** MDC key; log patterns print it with {@code %X{requestId}}. */
    public static final String MDC_KEY = "requestId";
    /** Reactor context key, also the exchange attribute name. */
    public static final String CONTEXT_KEY = "pluralign.requestId";

    private RequestIds() {}

    /** The given id when it is safe to log and echo ({@link RequestIdFormat}, as the gateway), else a new one. */
    public static String acceptOrGenerate(String given) {
        return RequestIdFormat.acceptOrGenerate(given);
    }

    /** The id of the request being handled, or null outside one. */
    public static String of(ServerWebExchange exchange) {
        return exchange.getAttribute(CONTEXT_KEY);
    }

    /** Lets Reactor restore the MDC entry on whichever thread runs the request's next step. */
    static void registerMdcPropagation() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(new MdcAccessor());
    }

    private static final class MdcAccessor implements ThreadLocalAccessor<String> {
        @Override
        public Object key() {
            return CONTEXT_KEY;
        }

        @Override
        public String getValue() {
            return MDC.get(MDC_KEY);
        }

        @Override
        public void setValue(String value) {
            MDC.put(MDC_KEY, value);
        }

        @Override
        public void setValue() {
            MDC.remove(MDC_KEY);
        }
    }
}
