package io.mig.core.gateway;

import io.mig.core.model.MessageHeader;
import io.mig.core.port.in.Principal;

/** A request after the checks common to every operation: who calls, and the resolved header. */
record RequestScope(Principal principal, MessageHeader header) {
    String tenant() {
        return header.tenantId();
    }
}
