package io.mig.admin.conformance;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of one check, as {@code checks[]} of the conformance health shows it. */
public record CheckResult(@JsonProperty("name") String name, @JsonProperty("profile") Profile profile,
                          @JsonProperty("ok") boolean ok, @JsonProperty("detail") String detail) {
}
