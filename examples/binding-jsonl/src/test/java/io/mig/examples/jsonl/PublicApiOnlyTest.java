package io.mig.examples.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example is what a user can write: it imports mig-core's public API and nothing of migd's own modules. */
class PublicApiOnlyTest {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "^import\\s+(static\\s+)?io\\.mig\\.(core\\.internal|core\\.memory|binding|admin|migd)\\b.*$", Pattern.MULTILINE);

    @Test
    void noSourceImportsTheCoresInternalsOrAnotherModule() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThanOrEqualTo(5);
        for (Path source : sources) {
            assertThat(FORBIDDEN.matcher(Files.readString(source)).results().map(m -> m.group()).toList())
                    .as(source.toString()).isEmpty();
        }
    }
}
