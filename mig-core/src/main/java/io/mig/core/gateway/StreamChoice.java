package io.mig.core.gateway;

import io.mig.core.model.CapabilityDescriptor;
import io.mig.core.model.InvocationMode;
import io.mig.core.model.InvokeRequest;
import io.mig.core.model.StreamPreference;
import io.mig.core.port.in.AnswerForm;

/**
 * The one place where an INVOKE's answer form is chosen (SPEC §3.5, §3.6): whether the caller gets
 * frames, and whether the provider is asked to stream them (a unary provider's answer becomes one
 * terminal frame). Bindings and providers follow it; none decides again.
 *
 * @param framed          the caller is answered with frames
 * @param providerStreams the provider is called as a stream (only when framed)
 */
record StreamChoice(boolean framed, boolean providerStreams) {
    static final String STREAM_PREFERENCE_META = "mig.stream_preference";

    static StreamChoice of(CapabilityDescriptor descriptor, InvokeRequest request, AnswerForm form) {
        boolean canStream = descriptor.supports(InvocationMode.SERVER_STREAM);
        boolean onlyStreams = !descriptor.supports(InvocationMode.UNARY);
        StreamPreference preference = preference(request);
        boolean asked = preference == StreamPreference.SERVER_STREAM || preference == StreamPreference.BIDI_STREAM;
        boolean framed = form.framesAllowed()
                && (!form.unaryAllowed() || canStream && (form.transportAsks() || asked || onlyStreams));
        // a transport that asks for frames (Accept: text/event-stream) asks for a streaming provider,
        // unless the request itself said otherwise
        boolean providerStreams = framed && canStream
                && (asked || onlyStreams || form.transportAsks() && preference == null);
        return new StreamChoice(framed, providerStreams);
    }

    /**
     * The request's own preference: its {@code stream_preference}, else
     * {@code header.meta["mig.stream_preference"]}; null when it states none.
     *
     * @throws io.mig.core.error.MigException {@code MIG_INVALID_REQUEST} for an unknown preference
     */
    static StreamPreference preference(InvokeRequest request) {
        StreamPreference preference = request.streamPreference();
        if (preference == null && request.header() != null) {
            String fromMeta = request.header().metaText(STREAM_PREFERENCE_META);
            preference = fromMeta == null || fromMeta.isEmpty() ? null : StreamPreference.parse(fromMeta);
        }
        return preference;
    }
}
