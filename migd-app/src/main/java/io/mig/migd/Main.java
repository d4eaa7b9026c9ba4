package io.mig.migd;

import io.mig.core.spi.Settings;

/**
 * {@code java -jar migd.jar}: reads the environment, refuses bad configuration with one line on
 * stderr and exit status 2 before any port opens, starts every binding, and drains on SIGTERM.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Settings settings = new EnvSettings();
        configureLogging(settings);
        Migd migd;
        try {
            migd = Migd.create(settings);
        } catch (ConfigException e) {
            System.err.println("migd: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(migd::stop, "migd-shutdown"));
        try {
            migd.start();
        } catch (Exception e) {
            System.err.println("migd: cannot start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        System.getLogger("migd").log(System.Logger.Level.INFO, migd.summary());
    }

    /**
     * slf4j-simple reads its level once, at the first logger: set it before anything logs. Jetty and
     * Javalin stay at {@code warn} even when migd logs at debug: their debug output prints request
     * lines and headers, which would put bearer tokens and {@code access_token} query strings in the
     * log (SPEC §3.2, §8.4).
     */
    private static void configureLogging(Settings settings) {
        String level = settings.get("MIGD_LOG_LEVEL", "info").trim().toLowerCase(java.util.Locale.ROOT);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", level.equals("off") || level.equals("error") ? level : "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.javalin", level.equals("off") || level.equals("error") ? level : "warn");
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }
}
