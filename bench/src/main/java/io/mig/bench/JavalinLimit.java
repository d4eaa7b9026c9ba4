package io.mig.bench;

import io.javalin.Javalin;

/**
 * The limit of P2 and P7: a bare Javalin 7 app with one INVOKE-shaped route that parses and writes
 * the same JSON with Jackson ({@link LimitAnswer}), and {@code GET /readyz}.
 * Usage: {@code JavalinLimit --port N} (0 picks a free port; the chosen one is printed).
 */
public final class JavalinLimit {
    private JavalinLimit() {
    }

    public static void main(String[] argv) {
        Args args = new Args(argv);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = args.integer("port", 0);
            config.routes.post("/mig/v0.1/invoke/{capability}", ctx -> ctx.contentType("application/json")
                    .result(LimitAnswer.answer(ctx.bodyAsBytes(), ctx.pathParam("capability"))));
            config.routes.get("/readyz", ctx -> ctx.json(java.util.Map.of("status", "ready")));
        });
        app.start();
        System.out.println("LISTENING " + app.port());
    }
}
