package io.mig.migd;

/** Configuration that cannot work; the message names the setting and is printed as the one line on stderr. */
final class ConfigException extends RuntimeException {
    ConfigException(String message) {
        super(message, null, false, false);
    }
}
