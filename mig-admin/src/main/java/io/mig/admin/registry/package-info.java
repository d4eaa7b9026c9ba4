/**
 * The capability registry of the admin API: registration, replacement and removal of
 * capabilities (SPEC §8), checked before they reach the core's {@link io.mig.core.port.out.CapabilityStore}.
 */
package io.mig.admin.registry;
