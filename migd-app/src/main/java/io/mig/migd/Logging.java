package io.mig.migd;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import io.mig.core.spi.Settings;
import io.mig.migd.logging.BufferedStreamAppender;
import io.mig.migd.logging.JsonLineEncoder;
import io.mig.migd.logging.NeverBlockingAsyncAppender;
import io.mig.migd.logging.TextLineEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The logging backend of the {@code migd} process (docs/CONFIGURATION.md, "Logging"): Logback,
 * configured from the environment before anything logs. Every line goes through a
 * {@link NeverBlockingAsyncAppender}, so no request waits for a log write; the access log is the
 * logger {@value #ACCESS_LOGGER} and can go to a file of its own or nowhere. A Logback file named
 * by {@code -Dlogback.configurationFile} or {@code MIGD_LOG_CONFIG} replaces all of this.
 *
 * <p>Jetty and Javalin stay at {@code warn} even when migd logs at debug, and cannot be set below
 * {@code info} from the environment: their debug output prints request lines and headers, which
 * would put bearer tokens and {@code access_token} query strings in the log (SPEC §3.2, §8.4).
 */
final class Logging {
    /** The logger of the one line per request (SPEC §8.4). */
    static final String ACCESS_LOGGER = "migd.access";
    private static final String OVERRIDE_PROPERTY = "logback.configurationFile";
    private static final List<String> HEADER_PRINTING = List.of("org.eclipse.jetty", "io.javalin");
    private static final Pattern LOGGER_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.-]*");
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
    private static final int MAX_QUEUE_SIZE = 1 << 20;

    private enum Format { JSON, TEXT }

    private Logging() {
    }

    /**
     * Reads and checks every logging variable, then configures Logback.
     *
     * @throws ConfigException naming the variable whose value cannot work
     */
    static void configure(Settings settings) {
        Level root = level("MIGD_LOG_LEVEL", settings.get("MIGD_LOG_LEVEL", "info"));
        Map<String, Level> levels = levels(settings.get("MIGD_LOG_LEVELS", ""));
        Optional<Format> format = settings.get("MIGD_LOG_FORMAT").map(Logging::format);
        String access = settings.get("MIGD_ACCESS_LOG", "stderr").trim();
        int queueSize = queueSize(settings.get("MIGD_LOG_QUEUE_SIZE", String.valueOf(NeverBlockingAsyncAppender.DEFAULT_QUEUE_SIZE)));
        Optional<Path> configFile = settings.get("MIGD_LOG_CONFIG").map(Logging::readableFile);

        LoggerContext context = context();
        if (context == null) {
            return; // another SLF4J backend on the class path: it configures itself
        }
        // java.util.logging (gRPC, Netty) into the same lines instead of its own console format
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (System.getProperty(OVERRIDE_PROPERTY) != null) {
            requireNoErrors(context, OVERRIDE_PROPERTY, System.getProperty(OVERRIDE_PROPERTY), 0);
            return; // Logback read it when it started
        }
        if (configFile.isPresent()) {
            useFile(context, configFile.get());
            return;
        }
        BufferedStreamAppender accessFile = accessFile(access);

        context.reset();
        context.getStatusManager().add(Logging::reportProblem);
        // JUL builds a record only for levels that Logback will write
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        Logger rootLogger = context.getLogger(Logger.ROOT_LOGGER_NAME);
        rootLogger.setLevel(root);
        rootLogger.addAppender(async(context, "stderr", BufferedStreamAppender.stderr(),
                format.orElseGet(() -> stderrIsTerminal() ? Format.TEXT : Format.JSON), queueSize));
        Level capped = root.isGreaterOrEqual(Level.WARN) ? root : Level.WARN;
        HEADER_PRINTING.forEach(name -> context.getLogger(name).setLevel(capped));
        levels.forEach((name, level) -> context.getLogger(name).setLevel(level));

        Logger accessLogger = context.getLogger(ACCESS_LOGGER);
        if (access.equalsIgnoreCase("off")) {
            accessLogger.setLevel(Level.OFF);
        } else if (accessFile != null) {
            // a file is never a terminal: JSON unless MIGD_LOG_FORMAT says otherwise
            accessLogger.addAppender(async(context, "access", accessFile, format.orElse(Format.JSON), queueSize));
            accessLogger.setAdditive(false);
        }
    }

    /** Writes what is queued and closes the log files; the last thing the process does. */
    static void stop() {
        LoggerContext context = context();
        if (context != null) {
            context.stop();
        }
    }

    /** Logback's own trouble (a log file that cannot be written) goes to stderr directly, as a line of its own. */
    private static void reportProblem(Status status) {
        if (status.getLevel() >= Status.WARN) {
            System.err.println("migd: logging: " + status.getMessage()
                    + (status.getThrowable() != null ? " (" + status.getThrowable() + ")" : ""));
        }
    }

    private static LoggerContext context() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? context : null;
    }

    private static NeverBlockingAsyncAppender async(LoggerContext context, String name, BufferedStreamAppender out,
            Format format, int queueSize) {
        Encoder<ILoggingEvent> encoder = format == Format.JSON ? new JsonLineEncoder() : new TextLineEncoder();
        encoder.setContext(context);
        encoder.start();
        out.setContext(context);
        out.setName(name + "-stream");
        out.setEncoder(encoder);
        out.start();
        NeverBlockingAsyncAppender async = new NeverBlockingAsyncAppender();
        async.setContext(context);
        async.setName(name);
        async.setQueueSize(queueSize);
        async.addAppender(out);
        async.start();
        return async;
    }

    private static void useFile(LoggerContext context, Path file) {
        context.reset();
        long since = System.currentTimeMillis();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(file.toFile());
        } catch (JoranException e) {
            // the status list says what went wrong
        }
        requireNoErrors(context, "MIGD_LOG_CONFIG", file.toString(), since);
    }

    private static void requireNoErrors(LoggerContext context, String variable, String file, long since) {
        if (new StatusUtil(context).getHighestLevel(since) < Status.ERROR) {
            return;
        }
        String first = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(status -> status.getLevel() == Status.ERROR && status.getTimestamp() >= since)
                .map(Status::getMessage).findFirst().orElse("errors");
        throw new ConfigException(variable + ": " + file + ": " + first.lines().findFirst().orElse(first));
    }

    private static Level level(String variable, String value) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(name)) {
            throw new ConfigException(variable + ": '" + value.trim() + "' is not one of " + String.join(", ", LEVELS));
        }
        return Level.toLevel(name);
    }

    /** {@code io.mig.binding.http=debug,migd.access=warn}: levels of single loggers and their descendants. */
    private static Map<String, Level> levels(String value) {
        Map<String, Level> levels = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            String name = equals < 0 ? entry.trim() : entry.substring(0, equals).trim();
            if (equals < 0 || !LOGGER_NAME.matcher(name).matches()) {
                throw new ConfigException("MIGD_LOG_LEVELS: '" + entry.trim() + "' is not logger=level"
                        + " (e.g. io.mig.binding.http=debug,migd.access=warn)");
            }
            Level level = level("MIGD_LOG_LEVELS", entry.substring(equals + 1));
            boolean printsHeaders = HEADER_PRINTING.stream().anyMatch(p -> name.equals(p) || name.startsWith(p + "."));
            if (printsHeaders && !level.isGreaterOrEqual(Level.INFO)) {
                throw new ConfigException("MIGD_LOG_LEVELS: " + name + " cannot go below info: Jetty's and Javalin's debug"
                        + " output prints request headers, bearer tokens included");
            }
            levels.put(name, level);
        }
        return levels;
    }

    private static Format format(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> Format.JSON;
            case "text" -> Format.TEXT;
            default -> throw new ConfigException("MIGD_LOG_FORMAT: '" + value.trim() + "' is not json or text");
        };
    }

    private static int queueSize(String value) {
        try {
            int size = Integer.parseInt(value.trim());
            if (size >= 1 && size <= MAX_QUEUE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("MIGD_LOG_QUEUE_SIZE: '" + value.trim() + "' is not a number of events from 1 to " + MAX_QUEUE_SIZE);
    }

    private static Path readableFile(String value) {
        try {
            Path path = Path.of(value.trim());
            if (Files.isRegularFile(path) && Files.isReadable(path)) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw new ConfigException("MIGD_LOG_CONFIG: cannot read " + value.trim());
    }

    /** The access log's own file, or null when it goes to stderr with the rest (or nowhere). */
    private static BufferedStreamAppender accessFile(String value) {
        if (value.equalsIgnoreCase("stderr") || value.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            return BufferedStreamAppender.file(Path.of(value));
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException("MIGD_ACCESS_LOG: cannot append to " + value + "; use stderr, off or the path of a writable file");
        }
    }

    /**
     * Whether standard error is a terminal. On Linux, where {@code /proc/self/fd/2} names it; elsewhere
     * {@link System#console()} (standard input and output on a terminal) stands in for it.
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
