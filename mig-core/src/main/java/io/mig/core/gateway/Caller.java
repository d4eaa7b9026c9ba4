package io.mig.core.gateway;

import io.mig.core.port.in.Principal;

/** An authenticated caller and the tenant it acts for, as checked at a stream's upgrade. */
public record Caller(Principal principal, String tenantId) {
}
