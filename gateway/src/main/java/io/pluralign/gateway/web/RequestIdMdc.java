package io.pluralign.gateway.web;

import io.micrometer.context.ThreadLocalAccessor;
import org.slf4j.MDC;

/**
 * Carries the request id between the Reactor context (key {@link #KEY}) and the SLF4J MDC. The gateway's own code
 * that logs while serving a request puts the id in the MDC with {@link #scope} (the access log, problems, work on
 * the bounded elastic scheduler); the accessor, registered with the context-propagation registry in
 * {@code ObservabilityConfiguration}, lets Reactor's {@code handle} and {@code tap} operators do the same.
 */
public final class RequestIdMdc implements ThreadLocalAccessor<String> {
    /** The Reactor context key and the MDC key ({@code %X{requestId}} in the log pattern). */
    public static final String KEY = "requestId";

    /** Puts {@code requestId} in this thread's MDC until the scope closes, which restores what was there before. */
    public static Scope scope(String requestId) {
        String previous = MDC.get(KEY);
        MDC.put(KEY, requestId);
        return previous == null ? () -> MDC.remove(KEY) : () -> MDC.put(KEY, previous);
    }

    /** A request id in the MDC; closing it never throws. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

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
