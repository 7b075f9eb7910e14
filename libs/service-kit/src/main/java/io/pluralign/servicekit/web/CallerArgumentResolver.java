package io.pluralign.servicekit.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Supplies the verified {@link Caller} to controller methods that declare it. */
public final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(GatewayTrustFilter.CALLER_ATTRIBUTE);
        return caller == null
                ? Mono.error(new IllegalStateException("no verified caller on an operational endpoint"))
                : Mono.just(caller);
    }
}
