/** The NATS binding of MIG: request/reply, event mirroring, NATS providers and JetStream state. */
package io.mig.binding.nats;
