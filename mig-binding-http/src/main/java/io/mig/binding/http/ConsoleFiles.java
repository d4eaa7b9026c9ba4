package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.mig.core.error.MigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * {@code GET /ui} and {@code GET /ui/<file>}: the console's files (module {@code mig-ui}), read from
 * the class path on first request and then answered from memory, with a weak {@code ETag} and
 * {@code Cache-Control: max-age=0} so a browser revalidates and gets a 304 while nothing changed.
 *
 * <p>Javalin's static-file handler served these before. It mounts the jar holding them as a zip
 * file system when the server is configured, which in migd's single jar means reading the whole
 * central directory (25,000 entries) on every start: a third of the main thread's start-up work
 * (issue #12, P7). A class-path lookup of one entry costs nothing of that.
 */
final class ConsoleFiles {
    static final String PATH = "/ui";
    /** The route label of every console request in the access log and metrics. */
    static final String ROUTE = "/ui/*";
    private static final String RESOURCE_DIR = "io/mig/ui/";
    private static final String INDEX = "index.html";
    /** A plain file name: no directory, no hidden file, nothing a path could be made of. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html", "js", "text/javascript", "css", "text/css", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "json", "application/json", "map", "application/json");

    /** A file as it is answered: its bytes, type and validator. */
    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final ClassLoader loader = ConsoleFiles.class.getClassLoader();
    /** Only files that exist are kept, so this holds at most what {@code mig-ui} ships. */
    private final ConcurrentHashMap<String, Asset> assets = new ConcurrentHashMap<>();

    void register(JavalinConfig config) {
        for (HandlerType method : new HandlerType[] {HandlerType.GET, HandlerType.HEAD}) {
            config.routes.addHttpHandler(method, PATH, ctx -> answer(ctx, INDEX));
            config.routes.addHttpHandler(method, PATH + "/{file}", ctx -> answer(ctx, ctx.pathParam("file")));
        }
    }

    private void answer(Context ctx, String name) {
        Asset asset = asset(name).orElseThrow(() ->
                MigException.notFound("no route for " + ctx.method().name() + " " + ctx.path()));
        ctx.header("Cache-Control", "max-age=0");
        ctx.header("ETag", asset.etag());
        ctx.contentType(asset.contentType());
        if (unchanged(ctx.header("If-None-Match"), asset.etag())) {
            ctx.status(304);
            return;
        }
        // (a HEAD answer gets the same head; Jetty leaves out the body)
        ctx.status(200).result(asset.bytes());
    }

    /** {@code If-None-Match}: {@code *} or a list of tags, compared weakly (RFC 9110 §13.1.2). */
    private static boolean unchanged(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String opaque = etag.substring(2);
        for (String tag : ifNoneMatch.split(",")) {
            String given = tag.trim();
            if (given.equals("*") || (given.startsWith("W/") ? given.substring(2) : given).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private Optional<Asset> asset(String name) {
        Asset known = assets.get(name);
        if (known != null || !FILE_NAME.matcher(name).matches()) {
            return Optional.ofNullable(known);
        }
        Asset loaded = load(name);
        if (loaded == null) {
            return Optional.empty();
        }
        Asset raced = assets.putIfAbsent(name, loaded);
        return Optional.of(raced != null ? raced : loaded);
    }

    private Asset load(String name) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            String etag = "W/\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(bytes.length) + "\"";
            int dot = name.lastIndexOf('.');
            String type = TYPES.getOrDefault(dot < 0 ? "" : name.substring(dot + 1), "application/octet-stream");
            return new Asset(bytes, type, etag);
        } catch (IOException e) {
            throw new UncheckedIOException("the console file " + name + " could not be read", e);
        }
    }
}
