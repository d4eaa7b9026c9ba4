/**
 * The binding conformance kit: {@link io.mig.conformance.kit.MigWire}, the client side of one
 * binding in MIG's canonical JSON; {@link io.mig.conformance.kit.ConformanceKit}, the cases written
 * once against it and the profiles (SPEC §8.2) they establish; and
 * {@link io.mig.conformance.kit.BindingConformanceKit}, the same cases as JUnit 5 tests to extend
 * once per binding. docs/CONFORMANCE.md explains how to write a wire for your own binding.
 */
package io.mig.conformance.kit;
