package io.mig.binding.http.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mig.core.error.MigException;
import io.mig.core.spi.ProviderOptions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where an HTTP provider lives, read from {@code {"type":"http","url":…,"headers":{…}}}: an
 * absolute {@code http(s)} URL, static headers (e.g. the upstream's own API key), and whether the
 * caller's bearer token is forwarded.
 */
record HttpTarget(URI url, Map<String, String> headers, boolean forwardAuthorization) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Set by the HTTP client or by the gateway per call; a provider block may not fix them. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
            "connection", "upgrade", "te", "accept", "expect");

    HttpTarget {
        headers = Map.copyOf(headers);
    }

    /**
     * Checks a provider block.
     *
     * @throws MigException {@code MIG_INVALID_REQUEST} naming the field that is wrong
     */
    static HttpTarget from(ObjectNode spec) {
        JsonNode url = spec.get("url");
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw invalid("url", "provider.url is required for an http provider");
        }
        URI uri;
        try {
            uri = URI.create(url.asText().trim());
        } catch (IllegalArgumentException e) {
            throw invalid("url", "provider.url is not a valid URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw invalid("url", "provider.url must be an absolute http:// or https:// URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw invalid("url", "provider.url must not carry credentials; use provider.headers");
        }
        return new HttpTarget(uri, headers(spec.get("headers")), ProviderOptions.from(spec).forwardAuthorization());
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw invalid("headers", "provider.headers must be an object of header names to string values");
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = field.getKey();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!TOKEN.matcher(name).matches()) {
                throw invalid("headers", "provider.headers: '" + name + "' is not a valid header name");
            }
            if (RESERVED.contains(lower) || lower.startsWith("mig-") || lower.equals(ProviderHeaders.TRACEPARENT)) {
                throw invalid("headers", "provider.headers: '" + name + "' is set by the gateway and cannot be configured");
            }
            JsonNode value = field.getValue();
            if (!value.isTextual() || value.asText().indexOf('\r') >= 0 || value.asText().indexOf('\n') >= 0) {
                throw invalid("headers", "provider.headers: the value of '" + name + "' must be a single-line string");
            }
            headers.put(name, value.asText());
        }
        return headers;
    }

    private static MigException invalid(String field, String message) {
        return MigException.invalid(message).withDetail("field", "provider." + field);
    }

    @Override
    public String toString() {
        // header values are often secrets (API keys): never print them
        return "HttpTarget[" + url + ", headers=" + headers.keySet() + ", forwardAuthorization=" + forwardAuthorization + "]";
    }
}
