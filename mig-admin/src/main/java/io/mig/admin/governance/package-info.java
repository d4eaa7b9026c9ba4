/**
 * Governance (SPEC §4.8, §8): tenants' quotas (lifetime and windowed, the core's
 * {@link io.mig.core.port.out.QuotaGate}), usage counts, policy validation and audit export.
 */
package io.mig.admin.governance;
