package io.mig.migd;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * migd as its own operating-system process ({@code io.mig.migd.Main} on this test's class path),
 * for what only a real process shows: exit statuses, stderr, signals.
 */
public final class MigdProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("serving http https?://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private MigdProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    stderr.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "migd-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code Main} with exactly this environment (plus PATH and JAVA_HOME; no inherited MIGD_* or OTEL_*). */
    public static MigdProcess start(Map<String, String> env) throws IOException {
        return start(env, List.of());
    }

    /** As {@link #start(Map)}, with these options for the JVM (e.g. {@code -Dlogback.configurationFile=…}). */
    public static MigdProcess start(Map<String, String> env, List<String> jvmOptions) throws IOException {
        return start(env, jvmOptions, List.of());
    }

    /** As {@link #start(Map, List)}, with these command-line arguments for {@code Main}. */
    public static MigdProcess start(Map<String, String> env, List<String> jvmOptions, List<String> arguments)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.mig.migd.Main"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("MIGD_") || name.startsWith("OTEL_"));
        builder.environment().putAll(env);
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return new MigdProcess(builder.start());
    }

    /** Waits for the start-up line and returns the HTTP port it names. */
    public int awaitPort() throws InterruptedException {
        return awaitPort(30);
    }

    /** As {@link #awaitPort()}, waiting up to {@code seconds} (several JVMs starting at once on a loaded machine). */
    public int awaitPort(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : stderr) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("migd exited with " + process.exitValue() + ": " + stderr);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("migd did not start within " + seconds + " s: " + stderr);
    }

    /** Waits for the exit status; fails if the process is still running after {@code seconds}. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("migd still running after " + seconds + " s: " + stderr);
        }
        // the reader ends at the pipe's end; on a loaded machine the last lines can take a while
        reader.join(15_000);
        return process.exitValue();
    }

    /**
     * SIGHUP, sent with the shell's built-in {@code kill} (the JDK can send only SIGTERM and SIGKILL,
     * and a minimal Debian has no {@code /bin/kill}).
     */
    void hangUp() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -HUP " + process.pid()).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -HUP " + process.pid() + " failed");
        }
    }

    /** The operating system's id of the process (for {@code jcmd}, the attach API, {@code /proc}). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
