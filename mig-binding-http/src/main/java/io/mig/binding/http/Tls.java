package io.mig.binding.http;

import io.javalin.config.JavalinConfig;
import io.mig.binding.http.provider.HomeConnector;
import io.mig.core.spi.PemKeyStore;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS from PEM files: a certificate chain and a PKCS#8 private key (RSA, EC or Ed25519), read by {@link PemKeyStore}. */
final class Tls {
    private Tls() {
    }

    static void addHttpsConnector(JavalinConfig config, HttpOptions options) {
        char[] password = java.util.UUID.randomUUID().toString().toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemKeyStore.load(options.tlsCertFile(), options.tlsKeyFile(), password));
        ssl.setKeyStorePassword(new String(password));
        config.jetty.addConnector((server, httpConfig) -> {
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            return new HomeConnector(server, options.host(), options.port(),
                    new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
        });
    }
}
