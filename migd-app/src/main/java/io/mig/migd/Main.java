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
        Migd migd;
        try {
            Logging.configure(settings);
            migd = Migd.create(settings);
        } catch (ConfigException e) {
            Logging.stop();
            System.err.println("migd: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        } catch (CannotStartException e) {
            Logging.stop();
            System.err.println("migd: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            migd.stop();
            Logging.stop(); // after the drain's own lines
        }, "migd-shutdown"));
        try {
            migd.start();
        } catch (Exception e) {
            Logging.stop();
            System.err.println("migd: cannot start: " + rootMessage(e));
            System.exit(1);
            return;
        }
        System.getLogger("migd").log(System.Logger.Level.INFO, migd.summary());
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }
}
