package io.mig.migd.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One look at the migd process: heap in use right after a full GC ({@code jcmd GC.run}, then
 * {@code GC.heap_info}), threads and RSS from {@code /proc/<pid>/status}, open file descriptors
 * from {@code /proc/<pid>/fd}, and the {@link Census} of both by group ({@code jcmd Thread.print}).
 */
record Sample(double elapsedSeconds, long heapAfterGcKb, long threads, long fds, long rssKb, Census census) {
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");

    /** {@code ports} names the soak's ports for the {@link Census} of sockets. */
    static Sample take(long pid, double elapsedSeconds, Map<Integer, String> ports) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heap = jcmd(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(heap);
        long heapKb = used.find() ? Long.parseLong(used.group(1)) : -1;
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        long fds;
        try (Stream<Path> entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = entries.count();
        }
        Census census = Census.take(pid, jcmd(pid, "Thread.print"), ports);
        return new Sample(elapsedSeconds, heapKb, statusField(status, "Threads"), fds, statusField(status, "VmRSS"), census);
    }

    private static long statusField(String status, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ":\\s+(\\d+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = jcmd.getInputStream().readAllBytes();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    String describe() {
        return String.format("heap_after_gc=%.1fMB threads=%d fds=%d (connections %d) rss=%.0fMB", heapAfterGcKb / 1024.0,
                threads, fds, census.connections(), rssKb / 1024.0);
    }
}
