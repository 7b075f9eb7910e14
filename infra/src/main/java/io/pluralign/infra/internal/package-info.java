/** The parts {@link io.pluralign.infra.Platform} is built from; not an API, may change with it. */
package io.pluralign.infra.internal;
