/**
 * The in-process demo capability {@code observatory.models.infer} of the user guide (unary and
 * streamed), registered with {@code MigGateway.Builder.demoCapability()}.
 */
package io.mig.core.demo;
