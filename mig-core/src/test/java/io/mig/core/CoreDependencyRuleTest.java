package io.mig.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md: mig-core knows MIG, not transports. Its sources may import the JDK, Jackson and
 * itself only (the Maven enforcer rule keeps its dependencies to the same list).
 */
class CoreDependencyRuleTest {
    private static final List<String> ALLOWED = List.of("java.", "javax.", "com.fasterxml.jackson.", "io.mig.core.");

    @Test
    void coreSourcesImportOnlyTheJdkJacksonAndTheCore() throws IOException {
        Path sources = Path.of("src/main/java");
        assertThat(sources).isDirectory();
        List<String> offending;
        try (Stream<Path> files = Files.walk(sources)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(CoreDependencyRuleTest::imports)
                    .filter(line -> ALLOWED.stream().noneMatch(line::startsWith))
                    .toList();
        }
        assertThat(offending).as("imports outside the JDK, Jackson and mig-core").isEmpty();
    }

    private static Stream<String> imports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import "))
                    .map(line -> line.replaceFirst("^import (static )?", "").trim())
                    .map(name -> file.getFileName() + ": " + name)
                    .map(entry -> entry.substring(entry.indexOf(": ") + 2));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
