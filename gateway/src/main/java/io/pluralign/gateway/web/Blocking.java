package io.pluralign.gateway.web;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (JDBC) off the Netty event loop; the one place the gateway hands work to another thread. */
public final class Blocking {
    private Blocking() {}

    /** {@code work} on the bounded elastic scheduler, once subscribed. */
    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
