package io.mig.core.spi;

/**
 * A listen address as the guide writes it: {@code :8080} (every interface), {@code 127.0.0.1:8080},
 * {@code [::1]:8080}, or {@code localhost:0} (a free port).
 *
 * @param host null for every interface
 */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
    }

    /**
     * @throws IllegalArgumentException with a message fit for the operator when the value is malformed
     */
    public static ListenAddress parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("address is empty; expected host:port or :port");
        }
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + value + "' has no port; expected host:port or :port");
        }
        String host = v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' has no numeric port; expected host:port or :port");
        }
        return new ListenAddress(host.isEmpty() || host.equals("0.0.0.0") ? null : host, port);
    }
}
