package io.mig.client.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig.migd.MigdServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the example of docs/CLIENT.md against a real migd and keeps the document's copy identical to it. */
class ClientExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/io/mig/client/examples/ClientExample.java");
    private static final Path DOC = Path.of("../docs/CLIENT.md");

    @Test
    void theDocumentShowsExactlyTheTestedCode() throws Exception {
        String source = Files.readString(SOURCE);
        String code = source.substring(source.indexOf("// tag::client[]\n") + "// tag::client[]\n".length(),
                source.indexOf("// end::client[]"));
        String doc = Files.readString(DOC);
        String marker = "<!-- snippet: mig-client/src/test/java/io/mig/client/examples/ClientExample.java -->\n```java\n";
        assertThat(doc).contains(marker);
        String shown = doc.substring(doc.indexOf(marker) + marker.length());
        shown = shown.substring(0, shown.indexOf("```\n"));
        assertThat(shown).as("docs/CLIENT.md must show ClientExample.java as it is").isEqualTo(code);
    }

    @Test
    void theExampleDoesWhatItSays() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (MigdServer server = MigdServer.start()) {
            ClientExample.run(server.baseUrl(), new PrintStream(printed, true, StandardCharsets.UTF_8));
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "hello: MIG 0.1",
                "invoke: hello",
                "stream: the quick brown fox",
                "event 1: ok",
                "event 2: done",
                "error: MIG_UNSUPPORTED_CAPABILITY (HTTP 404)");
    }
}
