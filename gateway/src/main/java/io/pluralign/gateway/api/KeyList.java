package io.pluralign.gateway.api;

import java.util.List;

/** Answer of {@code GET /v1/admin/keys}. */
public record KeyList(List<KeyView> keys) {}
