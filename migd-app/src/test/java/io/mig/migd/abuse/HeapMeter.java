package io.mig.migd.abuse;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of another JVM after a full collection, measured from outside: the attach API starts
 * the target's local management agent (what {@code jcmd} talks to), and its own {@link MemoryMXBean}
 * collects ({@code jcmd GC.run} does the same) and reports the heap in use. One connection is kept,
 * so a measurement costs a collection, not a JVM start as {@code jcmd} would.
 */
final class HeapMeter implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    HeapMeter(long pid) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (Exception e) {
            throw new IOException("cannot attach to process " + pid + ": " + e.getMessage(), e);
        }
        try {
            connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        } finally {
            vm.detach();
        }
        memory = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    /**
     * Bytes of heap in use right after full collections. Two, a moment apart: the first may only
     * queue references (cleaners, weak maps) that the second then frees.
     */
    long afterGc() throws InterruptedException {
        memory.gc();
        Thread.sleep(100);
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The heap's maximum ({@code -Xmx}). */
    long max() {
        return memory.getHeapMemoryUsage().getMax();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
