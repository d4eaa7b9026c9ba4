package io.mig.migd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.StreamObserver;
import io.mig.binding.grpc.GrpcBinding;
import io.mig.binding.grpc.v0_1.FrameKind;
import io.mig.binding.grpc.v0_1.InvokeRequest;
import io.mig.binding.grpc.v0_1.MessageHeader;
import io.mig.binding.grpc.v0_1.StreamFrame;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on the gRPC listener with certificates the test makes itself, and real grpc-java TLS clients:
 * the HTTPS files serve gRPC too, {@code MIGD_GRPC_TLS_*} override them, a client CA asks for
 * client certificates, and files that cannot work stop the start.
 */
class GrpcTlsTest {
    private static final String DEMO = "observatory.models.infer";
    static Path dir;
    static TestCertificate rsa;
    static TestCertificate ec;
    static MigdServer shared;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("migd-grpc-tls");
        rsa = TestCertificate.create(dir, "RSA");
        ec = TestCertificate.create(dir, "EC");
        shared = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_TLS_CERT_FILE", rsa.certFile().toString(), "MIGD_TLS_KEY_FILE", rsa.keyFile().toString()),
                https(rsa));
    }

    @AfterAll
    static void stop() throws IOException {
        shared.close();
        TestCertificate.deleteDirectory(dir);
    }

    @Test
    void unaryAndStreamingCallsWorkOverTlsWithTheHttpsCertificate() throws Exception {
        assertThat(shared.migd().binding(GrpcBinding.class).orElseThrow().describe()).startsWith("grpcs://");
        try (GrpcClient client = new GrpcClient(shared, trusting(rsa), "acme", null)) {
            var answer = client.invocation().invoke(InvokeRequest.newBuilder().setCapability(DEMO)
                    .setPayload(GrpcBindingTest.struct("input", "over tls")).build());
            assertThat(answer.getPayload().getFieldsOrThrow("result").getStringValue()).isEqualTo("over tls");

            GrpcFrames<StreamFrame> frames = new GrpcFrames<>();
            StreamObserver<StreamFrame> send = client.invocationAsync().streamInvoke(frames);
            send.onNext(StreamFrame.newBuilder().setKind(FrameKind.FRAME_KIND_REQUEST).setStreamId("tls-1").setCapability(DEMO)
                    .setHeader(MessageHeader.newBuilder().setMeta(GrpcBindingTest.streamingMeta()))
                    .setPayload(GrpcBindingTest.struct("input", "one two three")).build());
            List<String> tokens = new ArrayList<>();
            StreamFrame frame;
            do {
                frame = frames.next();
                assertThat(frame.getKind()).as(frame.toString()).isEqualTo(FrameKind.FRAME_KIND_RESPONSE);
                var fields = frame.getPayload().getFieldsMap();
                tokens.add(fields.containsKey("token") ? fields.get("token").getStringValue() : fields.get("result").getStringValue());
            } while (!frame.getEndStream());
            send.onCompleted();
            assertThat(frames.status().getCode()).isEqualTo(Status.Code.OK);
            assertThat(tokens).containsExactly("one", "two", "three", "one two three");
        }
        MigdServer.Reply hello = shared.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme");
        assertThat(hello.status()).as("HTTPS keeps working from the same files").isEqualTo(200);
    }

    @Test
    void theListenerNegotiatesH2WithTheSameCertificateAsHttps() throws Exception {
        try (SSLSocket socket = (SSLSocket) rsa.trustingContext().getSocketFactory()
                .createSocket("127.0.0.1", GrpcClient.port(shared))) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            assertThat(socket.getApplicationProtocol()).isEqualTo("h2");
            assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(rsa.certificate());
        }
    }

    @Test
    void plaintextClientsAndClientsThatDoNotTrustTheCertificateGetNothing() {
        try (GrpcClient plaintext = new GrpcClient(shared, "acme", null);
             GrpcClient untrusting = new GrpcClient(shared, trusting(ec), "acme", null)) {
            for (GrpcClient client : new GrpcClient[] {plaintext, untrusting}) {
                assertThatThrownBy(() -> client.invocation().invoke(InvokeRequest.newBuilder().setCapability(DEMO).build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            }
        }
    }

    @Test
    void theGrpcFilesOverrideTheSharedOnesForGrpcOnly() throws Exception {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_TLS_CERT_FILE", rsa.certFile().toString(), "MIGD_TLS_KEY_FILE", rsa.keyFile().toString(),
                "MIGD_GRPC_TLS_CERT_FILE", ec.certFile().toString(), "MIGD_GRPC_TLS_KEY_FILE", ec.keyFile().toString()),
                https(rsa));
             GrpcClient trustingEc = new GrpcClient(server, trusting(ec), "acme", null);
             GrpcClient trustingRsa = new GrpcClient(server, trusting(rsa), "acme", null)) {
            var hello = trustingEc.discovery().hello(io.mig.binding.grpc.v0_1.HelloRequest.getDefaultInstance());
            assertThat(hello.getHeader().getTenantId()).isEqualTo("acme");
            assertThatThrownBy(() -> trustingRsa.discovery().hello(io.mig.binding.grpc.v0_1.HelloRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(server.post("/mig/v0.1/hello", "{}", "X-Tenant-ID", "acme").status())
                    .as("HTTPS still serves the shared RSA certificate").isEqualTo(200);
        }
    }

    @Test
    void aClientCaMakesTheListenerRequireClientCertificates() throws Exception {
        try (MigdServer server = MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_GRPC_TLS_CERT_FILE", rsa.certFile().toString(), "MIGD_GRPC_TLS_KEY_FILE", rsa.keyFile().toString(),
                "MIGD_GRPC_TLS_CLIENT_CA_FILE", ec.certFile().toString()));
             GrpcClient withCertificate = new GrpcClient(server, TlsChannelCredentials.newBuilder()
                     .trustManager(rsa.certFile().toFile()).keyManager(ec.certFile().toFile(), ec.keyFile().toFile()).build(),
                     "acme", null);
             GrpcClient withoutCertificate = new GrpcClient(server, trusting(rsa), "acme", null)) {
            var answer = withCertificate.invocation().invoke(InvokeRequest.newBuilder().setCapability(DEMO)
                    .setPayload(GrpcBindingTest.struct("input", "mutual")).build());
            assertThat(answer.getPayload().getFieldsOrThrow("result").getStringValue()).isEqualTo("mutual");
            assertThatThrownBy(() -> withoutCertificate.invocation().invoke(InvokeRequest.newBuilder().setCapability(DEMO).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
    }

    @Test
    void aKeyThatDoesNotBelongToTheGrpcCertificateStopsTheStart() {
        assertThatThrownBy(() -> MigdServer.start(Map.of("MIGD_GRPC_ADDR", "127.0.0.1:0",
                "MIGD_GRPC_TLS_CERT_FILE", rsa.certFile().toString(), "MIGD_GRPC_TLS_KEY_FILE", ec.keyFile().toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MIGD_GRPC_TLS_CERT_FILE/MIGD_GRPC_TLS_KEY_FILE")
                .hasMessageContaining("does not belong");
    }

    private static ChannelCredentials trusting(TestCertificate certificate) {
        try {
            return TlsChannelCredentials.newBuilder().trustManager(certificate.certFile().toFile()).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpClient https(TestCertificate certificate) throws Exception {
        return HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
    }
}
