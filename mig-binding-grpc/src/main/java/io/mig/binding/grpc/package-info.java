/**
 * The gRPC binding of MIG (package {@code mig.v0_1}, SPEC §6). Public: {@link io.mig.binding.grpc.GrpcBindingProvider}
 * (found by {@code ServiceLoader}) and {@link io.mig.binding.grpc.GrpcBinding} (for its port); the
 * generated stubs live in {@code io.mig.binding.grpc.v0_1}.
 */
package io.mig.binding.grpc;
