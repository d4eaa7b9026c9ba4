package io.mig.migd;

import io.mig.core.spi.Settings;

/**
 * {@code java -jar migd.jar}: reads the environment, refuses bad configuration with one line on
 * stderr and exit status 2 before any port opens, starts every binding, and drains on SIGTERM.
 *
 * <p>{@value #EXIT_WHEN_STARTED} starts as usual, sends its own HTTP listener a few requests
 * ({@link StartRehearsal}), then stops: the build runs it with {@code -XX:ArchiveClassesAtExit} to
 * record the class-data-sharing archive ({@code migd.jsa} beside the jar) that {@code bin/migd}
 * starts with.
 */
public final class Main {
    static final String EXIT_WHEN_STARTED = "--exit-when-started";

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
        if (java.util.Arrays.asList(args).contains(EXIT_WHEN_STARTED)) {
            StartRehearsal.run(migd); // so that a recorded archive holds the request path too
            System.exit(0); // the shutdown hook stops migd as SIGTERM would
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
    }
}
