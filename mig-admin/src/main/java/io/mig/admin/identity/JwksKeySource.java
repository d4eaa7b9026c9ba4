package io.mig.admin.identity;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.mig.core.error.MigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Public keys from a JSON Web Key Set URL ({@code MIGD_JWT_JWKS_URL}). The set is fetched in the
 * background at start — a set that cannot be fetched yet does not stop the gateway, it only makes it
 * not ready, and RS256/ES256 tokens get {@code MIG_UNAVAILABLE} meanwhile — and again every
 * {@code maxAge}. A token naming a {@code kid} the cached set lacks (a key rotated in) causes a fetch
 * at once, but at most one per {@code minRefresh}, so tokens with made-up key ids cannot make the
 * gateway hammer the identity provider. A failed refresh keeps the keys it had.
 */
final class JwksKeySource implements PublicKeySource {
    static final Duration DEFAULT_MIN_REFRESH = Duration.ofSeconds(10);
    static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BYTES = 1 << 20;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());

    private final URI url;
    private final Duration minRefresh;
    private final Duration maxAge;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mig-jwks");
        thread.setDaemon(true);
        return thread;
    });
    private volatile List<JWK> keys; // null until the first successful fetch
    private long lastFetchNanos; // guarded by this

    private JwksKeySource(URI url, Duration minRefresh, Duration maxAge) {
        this.url = url;
        this.minRefresh = minRefresh;
        this.maxAge = maxAge;
        this.lastFetchNanos = System.nanoTime() - minRefresh.toNanos();
    }

    /** Creates the source and starts fetching the key set in the background. */
    static JwksKeySource start(URI url, Duration minRefresh, Duration maxAge) {
        JwksKeySource source = new JwksKeySource(url, minRefresh, maxAge);
        source.timer.execute(() -> source.backgroundFetch(FIRST_RETRY));
        return source;
    }

    /**
     * An absolute {@code http} or {@code https} URL with a host.
     *
     * @throws IllegalArgumentException when it is not one
     */
    static URI checkUrl(String value) {
        try {
            URI uri = new URI(Objects.requireNonNull(value).trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + value + "' is not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a valid URL (" + e.getReason() + ")");
        }
    }

    @Override
    public List<JWK> candidates(JWSHeader header) {
        List<JWK> loaded = keys;
        if (loaded == null) {
            throw MigException.unavailable("the token signing keys (JWKS) have not been loaded yet; retry shortly");
        }
        List<JWK> matching = select(loaded, header);
        String kid = header.getKeyID();
        if (matching.isEmpty() && kid != null && refreshForUnknownKid(kid)) {
            matching = select(keys, header);
        }
        return matching;
    }

    @Override
    public boolean ready() {
        return keys != null;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private static List<JWK> select(List<JWK> keys, JWSHeader header) {
        String kid = header.getKeyID();
        return keys.stream()
                .filter(key -> kid == null || kid.equals(key.getKeyID()))
                .filter(key -> KeyRules.usable(key, header.getAlgorithm()))
                .toList();
    }

    /** True when a fetch happened (here or in another thread meanwhile) that may have brought the key. */
    private synchronized boolean refreshForUnknownKid(String kid) {
        if (keys.stream().anyMatch(key -> kid.equals(key.getKeyID()))) {
            return true;
        }
        if (System.nanoTime() - lastFetchNanos < minRefresh.toNanos()) {
            return false;
        }
        try {
            fetch();
            return true;
        } catch (IOException | ParseException e) {
            LOG.log(System.Logger.Level.WARNING, "refreshing the JWKS from " + url + " failed: " + e.getMessage());
            return false;
        }
    }

    private void backgroundFetch(Duration retry) {
        try {
            fetch();
            timer.schedule(() -> backgroundFetch(FIRST_RETRY), maxAge.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, (keys == null ? "cannot load" : "cannot refresh") + " the JWKS from "
                    + url + " (" + e.getMessage() + "); retrying in " + retry.toMillis() + " ms");
            Duration next = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            if (!timer.isShutdown()) {
                timer.schedule(() -> backgroundFetch(next), retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private synchronized void fetch() throws IOException, ParseException {
        lastFetchNanos = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT)
                .header("Accept", "application/jwk-set+json, application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        byte[] body;
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP status " + response.statusCode());
            }
            body = in.readNBytes(MAX_BYTES + 1);
        }
        if (body.length > MAX_BYTES) {
            throw new IOException("the key set is larger than " + MAX_BYTES + " bytes");
        }
        // public parts only; symmetric keys have none and are dropped
        keys = JWKSet.parse(new String(body, StandardCharsets.UTF_8)).getKeys().stream()
                .map(JWK::toPublicJWK).filter(Objects::nonNull).toList();
    }
}
