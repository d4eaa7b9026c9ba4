/**
 * Identifiers a binding or an embedder may mint or check: message ids and prefixed random ids
 * ({@link io.mig.core.id.Ids}), and W3C {@code traceparent} values ({@link io.mig.core.id.Traceparent}).
 * The gateway mints the ids it needs itself; these are public so that a binding answering before the
 * core runs (an error envelope of a body that is not JSON) uses the same forms.
 */
package io.mig.core.id;
