/**
 * The wire-level conformance checkers run against a remote gateway: {@code mig-conformance} (HTTP,
 * {@link io.mig.conformance.MigConformance}), {@code mig-grpc-smoke} and {@code mig-nats-smoke}. Each
 * check speaks the binding's own wire (HTTP/SSE, gRPC, NATS) and reports pass or fail with a reason.
 */
package io.mig.conformance;
