package io.mig.migd.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the threads and file descriptors of the migd process are, counted by group, so that a growth
 * names its owner: threads by pool (the name of a {@code jcmd Thread.print} entry with its numbers
 * replaced by {@code #}, so {@code qtp1234-56} and {@code qtp99-7} are both {@code qtp#-#}), and
 * fds by kind (the {@code /proc/<pid>/fd} link target: file, pipe, anon_inode, and sockets by TCP
 * state and the role of the port at either end, from {@code /proc/<pid>/net/tcp}).
 */
record Census(Map<String, Integer> threads, Map<String, Integer> fds) {
    /** The first line of each thread's entry in {@code Thread.print}: its name in quotes. */
    private static final Pattern THREAD = Pattern.compile("(?m)^\"(.*)\" ");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");
    private static final String[] TCP_STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    /** The fd kinds that are live TCP connections: judged against the connections open, not as growth. */
    static boolean connection(String kind) {
        return kind.startsWith("tcp ESTABLISHED");
    }

    /**
     * Counts the threads of {@code threadDump} (a {@code Thread.print}) and the fds of process
     * {@code pid}; {@code ports} names the soak's ports (migd's listeners, the provider, NATS).
     */
    static Census take(long pid, String threadDump, Map<Integer, String> ports) throws IOException {
        Map<String, Integer> threads = new TreeMap<>();
        Matcher thread = THREAD.matcher(threadDump);
        while (thread.find()) {
            threads.merge(pool(thread.group(1)), 1, Integer::sum);
        }
        return new Census(threads, fds(pid, ports));
    }

    /**
     * A thread's pool: its name with every run of digits replaced by {@code #}, cut before an
     * {@code @} (Jetty's acceptors name their connector and its port after one).
     */
    static String pool(String threadName) {
        int at = threadName.indexOf('@');
        return DIGITS.matcher(at < 0 ? threadName : threadName.substring(0, at)).replaceAll("#");
    }

    private static Map<String, Integer> fds(long pid, Map<Integer, String> ports) throws IOException {
        Map<Long, String> tcp = new HashMap<>();
        for (String table : List.of("tcp", "tcp6")) {
            readTcp(Path.of("/proc", Long.toString(pid), "net", table), ports, tcp);
        }
        Map<String, Integer> kinds = new TreeMap<>();
        List<Path> entries;
        try (Stream<Path> listed = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            entries = listed.toList();
        }
        for (Path fd : entries) {
            String target;
            try {
                target = Files.readSymbolicLink(fd).toString();
            } catch (NoSuchFileException closedMeanwhile) {
                continue;
            }
            kinds.merge(kind(target, tcp), 1, Integer::sum);
        }
        return kinds;
    }

    private static String kind(String target, Map<Long, String> tcp) {
        Matcher socket = SOCKET.matcher(target);
        if (socket.matches()) {
            return tcp.getOrDefault(Long.parseLong(socket.group(1)), "socket (not TCP)");
        }
        if (target.startsWith("pipe:")) {
            return "pipe";
        }
        if (target.startsWith("anon_inode:")) {
            return target.replaceAll("[\\[\\]]", "");
        }
        if (target.endsWith(".jar")) {
            return "file .jar";
        }
        return target.startsWith("/dev/") ? "file " + target : "file";
    }

    /** Socket inode → "tcp STATE role" from one of {@code /proc/<pid>/net/tcp}, {@code tcp6}. */
    private static void readTcp(Path table, Map<Integer, String> ports, Map<Long, String> into) throws IOException {
        if (!Files.exists(table)) {
            return;
        }
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            int local = port(f[1]);
            int remote = port(f[2]);
            int state = Integer.parseInt(f[3], 16);
            String name = state < TCP_STATES.length ? TCP_STATES[state] : "state " + state;
            String role;
            if (state == 10) {
                role = ports.getOrDefault(local, "port " + local);
            } else if (ports.containsKey(local)) {
                role = "in:" + ports.get(local);
            } else {
                role = "out:" + ports.getOrDefault(remote, "other");
            }
            into.put(Long.parseLong(f[9]), "tcp " + name + " " + role);
        }
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }

    /** All connections: the TCP sockets in ESTABLISHED state. */
    int connections() {
        return fds.entrySet().stream().filter(e -> connection(e.getKey())).mapToInt(Map.Entry::getValue).sum();
    }

    /** The fds that are not a live connection: files, pipes, event fds, listeners, sockets closing or closed. */
    int fdsBesideConnections() {
        return fds.values().stream().mapToInt(Integer::intValue).sum() - connections();
    }
}
