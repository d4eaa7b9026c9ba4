package io.mig.binding.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.CapabilityProvider;
import io.mig.core.spi.ProviderFactory;

/**
 * Builds NATS providers from {@code {"type":"nats","subject":"…"}} (docs/PROVIDERS.md). The
 * instance found by {@link java.util.ServiceLoader} has no NATS connection and refuses every block
 * ({@code MIGD_NATS_URL} is unset); when it is set, the NATS binding hands the gateway one that
 * shares its connection.
 */
public final class NatsProviderFactory implements ProviderFactory {
    private final NatsLink link;

    /** The class-path instance: NATS is not configured. */
    public NatsProviderFactory() {
        this(null);
    }

    NatsProviderFactory(NatsLink link) {
        this.link = link;
    }

    @Override
    public String type() {
        return "nats";
    }

    @Override
    public CapabilityProvider create(ObjectNode spec) {
        JsonNode subject = spec.get("subject");
        if (subject == null || !subject.isTextual() || !validSubject(subject.asText())) {
            throw MigException.invalid("provider.subject must be a NATS subject without wildcards, e.g. providers.summarize")
                    .withDetail("field", "provider.subject");
        }
        if (link == null) {
            throw MigException.invalid("provider type nats needs a NATS connection: set MIGD_NATS_URL")
                    .withDetail("field", "provider.type");
        }
        return new NatsProvider(link, subject.asText());
    }

    /** Dot-separated non-empty tokens of printable characters, no wildcards and no space. */
    static boolean validSubject(String subject) {
        if (subject.isEmpty() || subject.length() > 256 || subject.startsWith(".") || subject.endsWith(".")
                || subject.contains("..")) {
            return false;
        }
        return subject.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '*' && c != '>');
    }
}
