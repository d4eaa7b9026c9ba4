/**
 * The commands that run the {@linkplain io.mig.conformance.kit conformance kit} against a remote
 * gateway — {@code mig-conformance} ({@link io.mig.conformance.MigConformance}: HTTP, and WebSocket,
 * gRPC or NATS with {@code -binding}), {@code mig-grpc-smoke} and {@code mig-nats-smoke} — and the
 * kit's wires for the four reference bindings (HTTP and SSE, WebSocket, gRPC, NATS).
 */
package io.mig.conformance;
