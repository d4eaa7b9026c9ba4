package io.mig.migd.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The soak's verdict rules (docs/SECURITY.md, "Soak: what counts as growth") on made-up samples,
 * and its census of fds on this very process's sockets, so that a rule that cannot fail, or a
 * census that files a connection under the wrong kind, shows here and not after a 30-minute run.
 */
class GrowthRulesTest {
    @Test
    void aPoolIsTheThreadNameWithoutItsNumbers() throws Exception {
        assertThat(Census.pool("JettyServerThreadPool-1234")).isEqualTo("JettyServerThreadPool-#");
        assertThat(Census.pool("grpc-default-worker-ELG-3-2")).isEqualTo("grpc-default-worker-ELG-#-#");
        assertThat(Census.pool("JettyServerThreadPool-52-acceptor-0@5f2b3e-ServerConnector@1ab{HTTP/1.1}{127.0.0.1:8080}"))
                .isEqualTo("JettyServerThreadPool-#-acceptor-#");
        assertThat(Census.take(ProcessHandle.current().pid(), "\"mig-provider-12\" #40 daemon prio=5\n"
                + "\"mig-provider-7\" #41 daemon prio=5\n\"VM Thread\" os_prio=0\n", Map.of()).threads())
                .containsEntry("mig-provider-#", 2).containsEntry("VM Thread", 1);
    }

    @Test
    void aLeakRaisesTheFloorABurstDoesNot() {
        // a cached pool: 10 threads, a burst to 60 in the middle and at the end, back to 10 between
        List<Sample> burst = samples(i -> i % 5 == 4 ? 60 : 10);
        Growth bursting = Growth.judge("burst", Growth.Statistic.FLOOR, burst, Sample::threads, 1.1, 5, 1, "");
        assertThat(bursting.grew()).as(bursting.describe()).isFalse();
        // the same load with one thread left behind per sample: the floor rises by 24
        List<Sample> leak = samples(i -> (i % 5 == 4 ? 60 : 10) + i);
        Growth leaking = Growth.judge("leak", Growth.Statistic.FLOOR, leak, Sample::threads, 1.1, 5, 1, "");
        assertThat(leaking.grew()).as(leaking.describe()).isTrue();
        // the median rule reads a burst at the end of a run as growth: why threads outside pools use the floor
        List<Sample> lateBurst = samples(i -> i >= 20 && i % 2 == 0 ? 60 : 10);
        assertThat(Growth.judge("late", lateBurst, Sample::threads, 1.1, 5, 1, "").grew()).isTrue();
        assertThat(Growth.judge("late", Growth.Statistic.FLOOR, lateBurst, Sample::threads, 1.1, 5, 1, "").grew()).isFalse();
    }

    @Test
    void boundedPoolsAreKnownByTheirMaximumAndTheRestIsCountedApart() {
        assertThat(PoolLimits.of("JettyServerThreadPool-#")).get().extracting(PoolLimits::maximum).isEqualTo(250);
        assertThat(PoolLimits.of("mig-provider-#")).get().extracting(PoolLimits::maximum).isEqualTo(200);
        assertThat(PoolLimits.of("grpc-default-executor-#")).isEmpty(); // a cached pool: no maximum
        assertThat(PoolLimits.unbounded(Map.of("mig-provider-#", 150, "grpc-default-executor-#", 7, "VM Thread", 1)))
                .isEqualTo(8);
    }

    @Test
    void theFdCensusTellsListenersAndConnectionsByTheirPorts() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
            try (Socket accepted = listener.accept()) {
                assertThat(accepted.isConnected()).isTrue();
                Census census = Census.take(ProcessHandle.current().pid(), "", Map.of(listener.getLocalPort(), "http"));
                assertThat(census.fds()).containsEntry("tcp LISTEN http", 1)
                        .containsEntry("tcp ESTABLISHED in:http", 1) // the accepted end
                        .containsEntry("tcp ESTABLISHED out:http", 1); // the client's end
                assertThat(census.connections()).isGreaterThanOrEqualTo(2);
                assertThat(census.fdsBesideConnections()).isEqualTo(
                        census.fds().values().stream().mapToInt(Integer::intValue).sum() - census.connections());
            }
        }
    }

    private static List<Sample> samples(java.util.function.IntUnaryOperator threads) {
        List<Sample> samples = new ArrayList<>();
        IntStream.range(0, 30).forEach(i -> samples.add(new Sample(i * 30, 50_000, threads.applyAsInt(i), 100, 300_000,
                new Census(Map.of(), Map.of()))));
        return samples;
    }
}
