package io.mig.migd.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit file's records, counted: the soak's INVOKEs (capability {@code soak.shout}) by
 * binding, everything else by {@code capability} (the configuration file's own records, say).
 */
record AuditFile(Map<String, Long> invokesByBinding, Map<String, Long> others, long unreadable) {
    static AuditFile count(Path file) throws IOException {
        Map<String, Long> byBinding = new TreeMap<>();
        Map<String, Long> others = new TreeMap<>();
        long unreadable = 0;
        if (!Files.exists(file)) {
            return new AuditFile(byBinding, others, 0);
        }
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = MigJson.mapper().readTree(line);
                } catch (IOException e) {
                    unreadable++;
                    continue;
                }
                String capability = record.path("capability").asText("(none)");
                if (capability.equals(Requests.CAPABILITY)) {
                    byBinding.merge(record.path("binding").asText("(none)"), 1L, Long::sum);
                } else {
                    others.merge(capability + " by " + record.path("actor").asText("?"), 1L, Long::sum);
                }
            }
        }
        return new AuditFile(byBinding, others, unreadable);
    }

    long invokes(String binding) {
        return invokesByBinding.getOrDefault(binding, 0L);
    }

    long totalInvokes() {
        return invokesByBinding.values().stream().mapToLong(Long::longValue).sum();
    }
}
