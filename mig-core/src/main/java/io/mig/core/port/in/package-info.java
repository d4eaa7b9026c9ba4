/**
 * The inbound ports — what a binding calls: {@link io.mig.core.port.in.Discovery},
 * {@link io.mig.core.port.in.Invocation}, {@link io.mig.core.port.in.Events} and
 * {@link io.mig.core.port.in.Control}, each taking a {@link io.mig.core.port.in.CallContext} (binding,
 * credentials, remote address).
 */
package io.mig.core.port.in;
