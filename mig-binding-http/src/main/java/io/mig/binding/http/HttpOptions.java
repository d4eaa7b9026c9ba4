package io.mig.binding.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the HTTP binding, with the defaults of the specification. Build with
 * {@code HttpOptions.defaults().withPort(0)}.
 *
 * @param host interface to bind; null means every interface
 * @param port TCP port; 0 picks a free one
 * @param maxBodyBytes larger request bodies get 413 without being buffered ({@code MIGD_MAX_BODY_BYTES})
 * @param sseKeepAlive interval of {@code : keep-alive} comments on idle SSE streams ({@code MIGD_SSE_KEEPALIVE_MS})
 * @param tlsCertFile PEM certificate chain, with {@code tlsKeyFile}: serve HTTPS instead of HTTP
 * @param tlsKeyFile PEM PKCS#8 private key
 * @param limits connection deadlines and caps
 */
public record HttpOptions(String host, int port, long maxBodyBytes, Duration sseKeepAlive, Path tlsCertFile,
                          Path tlsKeyFile, HttpLimits limits) {
    public static final long DEFAULT_MAX_BODY_BYTES = 1_048_576;

    public HttpOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        Objects.requireNonNull(sseKeepAlive, "sseKeepAlive");
        if ((tlsCertFile == null) != (tlsKeyFile == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate file and a key file");
        }
        Objects.requireNonNull(limits, "limits");
    }

    public static HttpOptions defaults() {
        return new HttpOptions(null, 8080, DEFAULT_MAX_BODY_BYTES, Duration.ofSeconds(15), null, null, HttpLimits.defaults());
    }

    public HttpOptions withHost(String value) {
        return new HttpOptions(value, port, maxBodyBytes, sseKeepAlive, tlsCertFile, tlsKeyFile, limits);
    }

    public HttpOptions withPort(int value) {
        return new HttpOptions(host, value, maxBodyBytes, sseKeepAlive, tlsCertFile, tlsKeyFile, limits);
    }

    public HttpOptions withMaxBodyBytes(long value) {
        return new HttpOptions(host, port, value, sseKeepAlive, tlsCertFile, tlsKeyFile, limits);
    }

    public HttpOptions withSseKeepAlive(Duration value) {
        return new HttpOptions(host, port, maxBodyBytes, value, tlsCertFile, tlsKeyFile, limits);
    }

    public HttpOptions withTls(Path certFile, Path keyFile) {
        return new HttpOptions(host, port, maxBodyBytes, sseKeepAlive, certFile, keyFile, limits);
    }

    public HttpOptions withLimits(HttpLimits value) {
        return new HttpOptions(host, port, maxBodyBytes, sseKeepAlive, tlsCertFile, tlsKeyFile, value);
    }

    public boolean tls() {
        return tlsCertFile != null;
    }
}
