/**
 * The gateway's state on NATS JetStream (SPEC §10, {@code MIGD_STATE=jetstream}): one implementation
 * of each store port of {@code io.mig.core.port.out} on KV buckets and streams, so that several
 * gateway instances act as one and a restart loses nothing. A module of its own rather than part of
 * {@code mig-binding-nats}: state on JetStream and MIG served over NATS are independent choices (a
 * gateway may keep its state on JetStream and serve only HTTP), and an embedder can take the stores
 * without the binding.
 */
package io.mig.state.jetstream;
