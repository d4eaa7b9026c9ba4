package io.mig.migd;

/**
 * The configuration is right but something it names cannot be used now (e.g. the NATS servers of
 * {@code MIGD_STATE=jetstream} do not answer): one line on stderr and exit status 1, as when a
 * binding cannot start. The message names the setting.
 */
final class CannotStartException extends RuntimeException {
    CannotStartException(String message) {
        super(message, null, false, false);
    }
}
