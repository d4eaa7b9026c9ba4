package io.mig.core.port.in;

import io.mig.core.model.CancelAck;
import io.mig.core.model.CancelRequest;
import io.mig.core.model.HeartbeatAck;
import io.mig.core.model.HeartbeatRequest;

/** The control plane of the protocol: CANCEL and HEARTBEAT. */
public interface Control {
    CancelAck cancel(CallContext call, CancelRequest request);

    HeartbeatAck heartbeat(CallContext call, HeartbeatRequest request);
}
