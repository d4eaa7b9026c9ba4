package io.mig.client;

/**
 * Server-sent events, one line at a time (the WHATWG event-stream format): {@code id:}, {@code event:}
 * and {@code data:} fields, comments ({@code : keep-alive}) ignored, a blank line ends an event.
 */
final class SseParser {
    /** One complete event; {@code id} is null when the event carried none. */
    record Event(String id, String name, String data) {
    }

    private String id;
    private String name;
    private StringBuilder data;

    /** Feeds one line (without its end-of-line); returns the event a blank line completes, else null. */
    Event line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            default -> {
                // "retry" and unknown fields: the client has its own reconnection policy
            }
        }
        return null;
    }

    private Event dispatch() {
        Event event = data == null ? null : new Event(id, name == null ? "message" : name, data.toString());
        id = null;
        name = null;
        data = null;
        return event;
    }
}
