package io.pluralign.gateway.web;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (JDBC) off the Netty event loop; the one place the gateway hands work to another thread. */
public final class Blocking {
    private Blocking() {}

    /**
     * {@code work} on the bounded elastic scheduler, once subscribed, with the request id of the subscriber's Reactor
     * context (if any) in the MDC, so that what it logs names the request.
     */
    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.deferContextual(context -> {
                    String requestId = context.getOrDefault(RequestIdMdc.KEY, null);
                    return Mono.fromCallable(() -> {
                        if (requestId == null) {
                            return work.call();
                        }
                        try (RequestIdMdc.Scope ignored = RequestIdMdc.scope(requestId)) {
                            return work.call();
                        }
                    });
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
