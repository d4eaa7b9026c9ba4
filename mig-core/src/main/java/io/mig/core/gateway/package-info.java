/**
 * The gateway service ({@link io.mig.core.gateway.MigGateway} and its builder): the SPEC §4 pipeline
 * behind the inbound ports — header resolution, authentication, quotas, schemas, idempotency,
 * deadlines, cancellation, events with replay, DISCOVER — over the outbound ports. Embedders build
 * one here; everything else in the package is its inside.
 */
package io.mig.core.gateway;
