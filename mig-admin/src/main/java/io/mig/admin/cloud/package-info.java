/**
 * The organisations → tenants → gateways directory served under {@code /cloud/v0.1} (SPEC §8).
 */
package io.mig.admin.cloud;
