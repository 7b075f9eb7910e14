package io.pluralign.contracts.http;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Which {@link GatewayHeaders#REQUEST_ID} values the gateway and the services take over from a caller: short and made
 * of characters that are safe to log and echo. Anything else is replaced by a fresh id.
 */
public final class RequestIdFormat {
    /** What a request id offered by a caller must look like. */
    public static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIdFormat() {}

    public static boolean isAcceptable(String offered) {
        return offered != null && ACCEPTED.matcher(offered).matches();
    }

    /** {@code offered} when it is acceptable, else a new random id (a UUID, which is acceptable too). */
    public static String acceptOrGenerate(String offered) {
        return isAcceptable(offered) ? offered : UUID.randomUUID().toString();
    }
}
