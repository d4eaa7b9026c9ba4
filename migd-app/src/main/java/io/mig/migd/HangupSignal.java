package io.mig.migd;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;

/**
 * A handler for {@code SIGHUP}, through {@code sun.misc.Signal} of the {@code jdk.unsupported}
 * module (resolved for class-path applications such as the shaded jar on every JDK 17). It is reached
 * by reflection because javac warns about that API with no way to silence the warning; where it is
 * missing (a trimmed runtime, Windows, {@code -Xrs}) migd logs one line and has no SIGHUP reload.
 * Closing puts back the handler that was there before (the JVM's default ends the process).
 */
final class HangupSignal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("migd");

    private final Method handle;
    private final Object signal;
    private final Object previous;

    private HangupSignal(Method handle, Object signal, Object previous) {
        this.handle = handle;
        this.signal = signal;
        this.previous = previous;
    }

    /** Runs {@code action} on each SIGHUP (on the JVM's signal thread: it should hand the work off). */
    static Optional<HangupSignal> install(Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(HangupSignal.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "migd SIGHUP handler";
                    });
            Method handle = signalType.getMethod("handle", signalType, handlerType);
            Object signal = signalType.getConstructor(String.class).newInstance("HUP");
            return Optional.of(new HangupSignal(handle, signal, handle.invoke(null, signal, handler)));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            LOG.log(System.Logger.Level.WARNING, ConfigFile.SETTING + ": SIGHUP cannot be handled on this runtime ("
                    + cause + "); file changes are still picked up unless " + ConfigReloader.SETTING + "=false");
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            handle.invoke(null, signal, previous);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "restoring the SIGHUP handler failed: " + e);
        }
    }
}
