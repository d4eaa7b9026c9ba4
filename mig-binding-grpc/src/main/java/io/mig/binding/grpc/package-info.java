/** The gRPC binding of MIG (package {@code mig.v0_1}); filled by the gRPC binding work. */
package io.mig.binding.grpc;
