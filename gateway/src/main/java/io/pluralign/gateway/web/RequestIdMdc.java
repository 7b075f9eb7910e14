package io.pluralign.gateway.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Carries the request id between the Reactor context (key {@link #KEY}) and the SLF4J MDC, so that every log line
 * written while serving a request names it, whichever thread writes it. Registered with the context-propagation
 * registry in {@code ObservabilityConfiguration}.
 */
public final class RequestIdMdc implements ThreadLocalAccessor<String> {
    /** The Reactor context key and the MDC key ({@code %X{requestId}} in the log pattern). */
    public static final String KEY = "requestId";

    @Override
    public Object key() {
        return KEY;
    }

    @Override
    public String getValue() {
        return MDC.get(KEY);
    }

    @Override
    public void setValue(String value) {
        MDC.put(KEY, value);
    }

    @Override
    public void setValue() {
        MDC.remove(KEY);
    }
}
