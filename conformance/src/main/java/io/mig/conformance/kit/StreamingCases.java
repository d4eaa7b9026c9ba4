package io.mig.conformance.kit;

import static io.mig.conformance.kit.KitContext.JSON;
import static io.mig.conformance.kit.KitContext.expect;
import static io.mig.conformance.kit.KitContext.success;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The streaming profile's cases (SPEC §3.5, §3.6, §4.7): streamed INVOKE and CANCEL of a running stream. */
final class StreamingCases {
    private static final Duration FRAME_WAIT = Duration.ofSeconds(10);

    private StreamingCases() {
    }

    static List<KitCase> all() {
        return List.of(
                new KitCase("invokeStream", "a streamed INVOKE answers frames, then a terminal one", Profile.STREAMING, true,
                        StreamingCases::invokeStream),
                new KitCase("streamUnknownCapability", "a stream of an unknown capability ends in an error frame",
                        Profile.STREAMING, false, StreamingCases::streamUnknownCapability),
                new KitCase("cancelStream", "CANCEL ends a running stream with MIG_TIMEOUT cancelled", Profile.STREAMING, true,
                        StreamingCases::cancelStream));
    }

    /** Reads frames until a terminal one (end_stream or an error frame). */
    static List<JsonNode> readAll(MigWire.Frames frames) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            JsonNode frame = frames.next(FRAME_WAIT);
            expect(frame != null, "the stream stopped after " + all.size() + " frames without a terminal frame");
            all.add(frame);
            if (frame.path("end_stream").asBoolean() || "error".equals(frame.path("kind").asText())) {
                return all;
            }
            expect(all.size() < 10_000, "no terminal frame after 10000 frames");
        }
    }

    private static String invokeStream(KitContext kit) throws Exception {
        String capability = kit.target().streamCapability();
        ObjectNode body = kit.invocation(capability, kit.input("alpha beta gamma"));
        List<JsonNode> all;
        try (MigWire.Frames frames = kit.wire().invokeStream(kit.call(body))) {
            all = readAll(frames);
        }
        expect(all.size() >= 2, "only " + all.size() + " frame(s): " + all);
        String streamId = all.get(0).path("stream_id").asText();
        for (JsonNode frame : all) {
            expect("response".equals(frame.path("kind").asText()), "frame " + frame);
            expect(frame.path("payload").isObject(), "payload is not an object: " + frame);
            expect(streamId.equals(frame.path("stream_id").asText()), "stream_id changes: " + frame.path("stream_id"));
        }
        for (int i = 0; i < all.size() - 1; i++) {
            expect(!all.get(i).path("end_stream").asBoolean(), "frame " + i + " ends the stream early");
        }
        if (capability.equals(KitTarget.DEMO)) {
            expect(all.size() == 4, "the demo streams a token per word and a result; got " + all.size());
            expect("beta".equals(all.get(1).path("payload").path("token").asText()), "second token " + all.get(1));
            expect("alpha beta gamma".equals(all.get(3).path("payload").path("result").asText()), "terminal " + all.get(3));
        }
        return capability + ": " + all.size() + " frames";
    }

    private static String streamUnknownCapability(KitContext kit) throws Exception {
        ObjectNode body = kit.invocation("conformance.kit.no-such-stream", JSON.createObjectNode());
        List<JsonNode> all;
        try (MigWire.Frames frames = kit.wire().invokeStream(kit.call(body))) {
            all = readAll(frames);
        }
        JsonNode last = all.get(all.size() - 1);
        expect(all.size() == 1 && "error".equals(last.path("kind").asText()), "frames " + all);
        expect("MIG_UNSUPPORTED_CAPABILITY".equals(last.path("error").path("code").asText()), "error " + last.path("error"));
        return "error frame";
    }

    private static String cancelStream(KitContext kit) throws Exception {
        String capability = kit.slowCapability();
        ObjectNode body = kit.invocation(capability, kit.slow(100, 100));
        String target = body.path("header").path("message_id").asText();
        long start = System.nanoTime();
        try (MigWire.Frames frames = kit.wire().invokeStream(kit.call(body))) {
            JsonNode first = frames.next(FRAME_WAIT);
            expect(first != null && "response".equals(first.path("kind").asText()), "first frame " + first);
            JsonNode ack = success(kit.wire().cancel(kit.call(kit.envelope().put("target_message_id", target)
                    .put("reason", "conformance kit"))), "CANCEL of the stream");
            expect(ack.path("accepted").asBoolean() && "cancelled".equals(ack.path("status").asText()), "ack " + ack);
            List<JsonNode> rest = readAll(frames);
            JsonNode last = rest.get(rest.size() - 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            expect("error".equals(last.path("kind").asText()), "the stream ended with " + last);
            expect("MIG_TIMEOUT".equals(last.path("error").path("code").asText())
                    && last.path("error").path("details").path("cancelled").asBoolean(), "error " + last.path("error"));
            expect(rest.size() < 90, rest.size() + " frames came after the CANCEL");
            return "ended after " + (rest.size() + 1) + " frames, " + millis + " ms";
        }
    }
}
