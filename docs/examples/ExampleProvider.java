import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A MIG HTTP provider in one file, with nothing but the JDK (docs/PROVIDERS.md):
 *
 *   java docs/examples/ExampleProvider.java 8090
 *
 * It serves a "shout" capability: the answer is the input in capitals. A unary call gets one JSON
 * answer; a streamed call (stream_preference "server_stream") gets one SSE event per word and a
 * terminal event. A missing input is answered with a MIG error envelope. It reads the MIG headers
 * the gateway sends and stops streaming when the gateway closes the connection.
 */
public class ExampleProvider {
    // a real provider would use a JSON library; the regexes keep this example dependency-free
    private static final Pattern INPUT = Pattern.compile("\"payload\"\\s*:\\s*\\{[^}]*\"input\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STREAM = Pattern.compile("\"stream_preference\"\\s*:\\s*\"server_stream\"");

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/invoke", ExampleProvider::invoke);
        server.start();
        System.out.println("ExampleProvider listening on http://127.0.0.1:" + server.getAddress().getPort() + "/invoke");
    }

    private static void invoke(HttpExchange exchange) throws IOException {
        try (exchange) {
            String envelope = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String tenant = exchange.getRequestHeaders().getFirst("Mig-Tenant-Id");
            long deadlineMs = Long.parseLong(exchange.getRequestHeaders().getFirst("MIG-Deadline-Ms"));
            System.out.println("call " + exchange.getRequestHeaders().getFirst("Mig-Message-Id") + " tenant=" + tenant
                    + " traceparent=" + exchange.getRequestHeaders().getFirst("traceparent") + " time_left_ms=" + deadlineMs);
            Matcher input = INPUT.matcher(envelope);
            if (!input.find()) {
                send(exchange, 400, "application/json", "{\"error\":{\"code\":\"MIG_INVALID_REQUEST\","
                        + "\"message\":\"payload.input must be a string\",\"retryable\":false,\"details\":{\"field\":\"payload.input\"}}}");
                return;
            }
            String shouted = input.group(1).toUpperCase();
            String result = "{\"result\":\"" + shouted + "\",\"tenant\":\"" + tenant + "\"}";
            if (!STREAM.matcher(envelope).find()) {
                send(exchange, 200, "application/json", "{\"payload\":" + result + "}");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (String word : shouted.split("\\s+")) {
                    out.write(("data: {\"token\":\"" + word + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(50); // a model producing tokens
                }
                out.write(("data: {\"payload\":" + result + ",\"end_stream\":true}\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException gatewayClosed) {
                System.out.println("the gateway closed the stream (cancel or deadline): stopping");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
