/**
 * Live self-checks behind HELLO's {@code profiles} and {@code /admin/v0.1/conformance}: each check
 * probes the running gateway through its own ports in the reserved tenant and is re-run on a timer, so
 * a profile is claimed only while its checks pass.
 */
package io.mig.admin.conformance;
