package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mig.core.json.MigJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code curl} examples of our documents, exactly as written there, and a way to run them with
 * bash and the real curl against a test server (only host and port changed).
 */
final class GuideExamples {
    static final Path GUIDE = Path.of("..", "docs", "USER-GUIDE.md");

    private GuideExamples() {
    }

    /** The bash code blocks starting with {@code curl} in the guide's section "## {section})". */
    static List<String> curlBlocks(int section) {
        return curlBlocks(GUIDE, section);
    }

    /** The bash code blocks starting with {@code curl} in a markdown file, or in one "## N)" section of it. */
    static List<String> curlBlocks(Path markdown, Integer section) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> blocks = new ArrayList<>();
        boolean inSection = section == null;
        StringBuilder block = null;
        for (String line : lines) {
            if (section != null && line.startsWith("## ")) {
                inSection = line.startsWith("## " + section + ")");
                continue;
            }
            if (!inSection) {
                continue;
            }
            if (block == null && line.equals("```bash")) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                if (block.toString().startsWith("curl")) {
                    blocks.add(block.toString().trim());
                }
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    /** The one block that contains {@code containing}. */
    static String example(List<String> blocks, String containing) {
        return blocks.stream().filter(b -> b.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no example containing " + containing));
    }

    /** The example with only host and port changed (SPEC: "changing at most host and port"). */
    static String against(String example, String baseUrl) {
        return example.replace("http://localhost:8080", baseUrl);
    }

    /** Runs an example with bash (its quoting and line continuations as written); curl must succeed; the output is JSON. */
    static JsonNode run(String example, String baseUrl, Map<String, String> env) throws Exception {
        Process curl = start(example, baseUrl, env, ProcessBuilder.Redirect.PIPE);
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        String err = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as("curl exit status; output: %s %s", out, err).isZero();
        return MigJson.mapper().readTree(out);
    }

    static JsonNode run(String example, String baseUrl) throws Exception {
        return run(example, baseUrl, Map.of());
    }

    /** Starts a long-running example (an SSE subscriber) and collects its output lines. */
    static Background background(String example, String baseUrl, Map<String, String> env) throws IOException {
        // curl's progress meter goes to stderr: only what the server sent is collected
        return new Background(start(example, baseUrl, env, ProcessBuilder.Redirect.DISCARD));
    }

    private static Process start(String example, String baseUrl, Map<String, String> env, ProcessBuilder.Redirect stderr)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", against(example, baseUrl)).redirectError(stderr);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** A running example whose output lines are collected as they come. */
    static final class Background implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Background(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the process is destroyed at close
                }
            }, "example-output");
            reader.setDaemon(true);
            reader.start();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        /** Waits up to 10 s for a line matching {@code wanted} and returns it. */
        String awaitLine(Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no such line within 10 s; output: " + lines);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
