package io.mig.binding.http;

/** The operation label of {@code mig_gateway_errors_total} for a route template: a small, fixed set. */
final class Operations {
    private Operations() {
    }

    static String of(String route) {
        if (route == null) {
            return "http";
        }
        if (route.startsWith(MigRoutes.BASE + "/")) {
            String rest = route.substring(MigRoutes.BASE.length() + 1);
            int slash = rest.indexOf('/');
            String operation = slash < 0 ? rest : rest.substring(0, slash);
            return switch (operation) {
                case "hello", "discover", "invoke", "publish", "subscribe", "cancel", "heartbeat", "stream" -> operation;
                default -> "http";
            };
        }
        if (route.startsWith(AdminRoutes.BASE)) {
            return "admin";
        }
        if (route.startsWith(ProRoutes.BASE)) {
            return "pro";
        }
        if (route.startsWith(CloudRoutes.BASE)) {
            return "cloud";
        }
        return "http";
    }
}
