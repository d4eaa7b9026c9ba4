package io.mig.admin.conformance;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance health (SPEC §8.2): which profiles hold, from which checks. core needs every core
 * check; streaming and evented need core plus their own; full needs streaming, evented and its own.
 */
public record ConformanceReport(@JsonProperty("core") boolean core,
                                @JsonProperty("streaming") boolean streaming,
                                @JsonProperty("evented") boolean evented,
                                @JsonProperty("full") boolean full,
                                @JsonProperty("checks") List<CheckResult> checks,
                                @JsonProperty("checked_at") String checkedAt) {

    public static ConformanceReport of(List<CheckResult> checks, String checkedAt) {
        boolean core = all(checks, Profile.CORE);
        boolean streaming = core && all(checks, Profile.STREAMING);
        boolean evented = core && all(checks, Profile.EVENTED);
        boolean full = streaming && evented && all(checks, Profile.FULL);
        return new ConformanceReport(core, streaming, evented, full, List.copyOf(checks), checkedAt);
    }

    /** The profiles met, as HELLO lists them. */
    public List<String> profiles() {
        List<String> out = new ArrayList<>();
        if (core) {
            out.add(Profile.CORE.wire());
        }
        if (streaming) {
            out.add(Profile.STREAMING.wire());
        }
        if (evented) {
            out.add(Profile.EVENTED.wire());
        }
        if (full) {
            out.add(Profile.FULL.wire());
        }
        return out;
    }

    private static boolean all(List<CheckResult> checks, Profile profile) {
        boolean any = false;
        for (CheckResult check : checks) {
            if (check.profile() == profile) {
                any = true;
                if (!check.ok()) {
                    return false;
                }
            }
        }
        return any;
    }
}
