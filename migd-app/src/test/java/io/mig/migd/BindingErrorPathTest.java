package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue #8 item 3: the core records errors, the bindings only map them. No binding module's code
 * counts an error itself ({@code GatewayMetrics.error}) or builds an error envelope by hand: they
 * go through {@code MigGateway.errors()} (the core's {@code ErrorRecorder}) and
 * {@code ErrorEnvelope.answering}. Read from the sources of every binding module (and of the
 * examples, which are bindings too), so that a new binding is checked without being listed here.
 */
class BindingErrorPathTest {
    /** {@code gateway.metrics().error(…)}, {@code metrics.error(…)}, or any use of the metrics port type. */
    private static final Pattern COUNTS_ERRORS = Pattern.compile(
            "metrics(\\(\\))?\\s*\\.\\s*error\\s*\\(|\\bGatewayMetrics\\b");
    private static final Pattern BUILDS_ENVELOPES = Pattern.compile("new\\s+ErrorEnvelope\\s*\\(");

    @Test
    void noBindingCountsErrorsOrBuildsErrorEnvelopesItself() {
        List<Path> sources = bindingSources();
        assertThat(sources).as("binding sources found").hasSizeGreaterThan(30);
        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            String text = read(source);
            if (COUNTS_ERRORS.matcher(text).find()) {
                offences.add(source + ": counts errors itself (record them with gateway.errors())");
            }
            if (BUILDS_ENVELOPES.matcher(text).find()) {
                offences.add(source + ": builds an error envelope (use ErrorEnvelope.answering)");
            }
        }
        assertThat(offences).isEmpty();
    }

    @Test
    void theCheckSeesACountingBinding() {
        assertThat(COUNTS_ERRORS.matcher("gateway.metrics().error(e.code(), \"stream\");").find()).isTrue();
        assertThat(COUNTS_ERRORS.matcher("metrics.error(code, operation)").find()).isTrue();
        assertThat(COUNTS_ERRORS.matcher("gateway.errors().answered(\"stream\", e);").find()).isFalse();
        assertThat(BUILDS_ENVELOPES.matcher("return new ErrorEnvelope(header, error.toError());").find()).isTrue();
    }

    /** Every {@code .java} under {@code src/main/java} of {@code mig-binding-*} and {@code examples/*}. */
    private static List<Path> bindingSources() {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> modules = new ArrayList<>();
        modules.addAll(children(root, "mig-binding-"));
        Path examples = root.resolve("examples");
        if (Files.isDirectory(examples)) {
            modules.addAll(children(examples, ""));
        }
        List<Path> sources = new ArrayList<>();
        for (Path module : modules) {
            Path main = module.resolve("src/main/java");
            if (Files.isDirectory(main)) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return sources;
    }

    private static List<Path> children(Path dir, String prefix) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith(prefix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
