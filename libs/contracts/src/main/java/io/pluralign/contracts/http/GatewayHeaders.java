package io.pluralign.contracts.http;

import java.util.List;

/**
 * Headers the gateway sets on every request it forwards. Services trust the caller headers only when
 * {@link #SIGNATURE} verifies (see {@link GatewaySignature}); the gateway strips any a client sends.
 */
public final class GatewayHeaders {
    public static final String TENANT = "X-Pluralign-Tenant";
    public static final String ROLE = "X-Pluralign-Role";
    public static final String KEY_ID = "X-Pluralign-Key-Id";
    public static final String ISSUED_AT = "X-Pluralign-Issued-At";
    public static final String SIGNATURE = "X-Pluralign-Signature";
    /** Correlates one request across the gateway, services and their logs. */
    public static final String REQUEST_ID = "X-Request-Id";

    /** The caller headers a client must never be able to set. */
    public static final List<String> CALLER = List.of(TENANT, ROLE, KEY_ID, ISSUED_AT, SIGNATURE);

    private GatewayHeaders() {}
}
