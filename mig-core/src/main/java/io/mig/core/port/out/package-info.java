/**
 * The outbound ports — what the core needs from the world: the stores (capabilities, schemas,
 * quotas, usage, idempotency, cancellations, events, MCP servers; shaped so that a store outside the
 * JVM can implement them, see StoreChanges), authentication, audit, metrics, tracing and the
 * connection registry. A store that cannot reach its backend throws {@code MIG_UNAVAILABLE}.
 */
package io.mig.core.port.out;
