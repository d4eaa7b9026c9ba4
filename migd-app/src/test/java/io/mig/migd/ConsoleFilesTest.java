package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console's files at {@code /ui} over a real socket: types, validators, 304, HEAD, and refusals. */
class ConsoleFilesTest {
    @RegisterExtension
    static final MigdExtension server = MigdExtension.inProcess().quiet().build();

    @Test
    void theConsolePageAndItsFilesAreServedAsShipped() throws IOException {
        MigdServer.Reply page = server.get("/ui");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html");
        assertThat(page.body()).isEqualTo(shipped("index.html"));
        assertThat(server.get("/ui/").body()).isEqualTo(page.body());
        assertThat(server.get("/ui/index.html").header("ETag")).isEqualTo(page.header("ETag"));

        MigdServer.Reply script = server.get("/ui/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("text/javascript");
        assertThat(script.header("Cache-Control")).isEqualTo("max-age=0");
        assertThat(script.body()).isEqualTo(shipped("console.js"));

        MigdServer.Reply style = server.get("/ui/console.css");
        assertThat(style.header("Content-Type")).isEqualTo("text/css");
        assertThat(style.body()).isEqualTo(shipped("console.css"));
        assertThat(style.header("ETag")).startsWith("W/\"").isNotEqualTo(script.header("ETag"));
    }

    @Test
    void aBrowserThatHasTheFileGetsNotModified() {
        String etag = server.get("/ui/console.js").header("ETag");
        for (String ifNoneMatch : new String[] {etag, etag.substring(2), "W/\"other\", " + etag, "*"}) {
            MigdServer.Reply again = server.get("/ui/console.js", "If-None-Match", ifNoneMatch);
            assertThat(again.status()).as(ifNoneMatch).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.header("ETag")).isEqualTo(etag);
        }
        MigdServer.Reply changed = server.get("/ui/console.js", "If-None-Match", "W/\"other\"");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).isNotEmpty();
    }

    @Test
    void headAnswersTheSameHeadWithoutABody() {
        MigdServer.Reply get = server.get("/ui/console.css");
        MigdServer.Reply head = server.send(HttpRequest.newBuilder(server.uri("/ui/console.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void anythingElseIsAMigError() {
        for (String path : new String[] {"/ui/nope.js", "/ui/.hidden", "/ui/..%2fpom.xml", "/ui/..%2F..%2Fetc%2Fpasswd"}) {
            MigdServer.Reply missing = server.get(path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.errorCode()).as(path).isEqualTo("MIG_NOT_FOUND");
        }
        MigdServer.Reply post = server.post("/ui/console.js", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).contains("GET");
        assertThat(post.errorCode()).isEqualTo("MIG_INVALID_REQUEST");
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = ConsoleFilesTest.class.getClassLoader().getResourceAsStream("io/mig/ui/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
