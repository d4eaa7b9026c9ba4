package io.mig.migd.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes encoded lines into a buffer that {@link NeverBlockingAsyncAppender} flushes after each
 * batch (one system call per burst instead of one per line). Only the writer thread appends, so
 * nothing here waits for a request and no request waits for this. For programmatic configuration
 * (Logback's configuration files have {@code ConsoleAppender} and {@code FileAppender}).
 */
public final class BufferedStreamAppender extends OutputStreamAppender<ILoggingEvent> implements Flushable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private OutputStream stream;

    private BufferedStreamAppender() {
        setImmediateFlush(false);
    }

    /** Standard error; stopping flushes it but leaves the descriptor open for the rest of the process. */
    public static BufferedStreamAppender stderr() {
        BufferedStreamAppender appender = new BufferedStreamAppender();
        appender.stream = new BufferedOutputStream(new FilterOutputStream(new FileOutputStream(FileDescriptor.err)) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }, BUFFER_BYTES);
        return appender;
    }

    /** A file, appended to (created when missing). */
    public static BufferedStreamAppender file(Path path) throws IOException {
        BufferedStreamAppender appender = new BufferedStreamAppender();
        appender.stream = new BufferedOutputStream(new FileOutputStream(path.toFile(), true), BUFFER_BYTES);
        return appender;
    }

    @Override
    public void start() {
        setOutputStream(stream);
        super.start();
    }

    @Override
    public void flush() throws IOException {
        streamWriteLock.lock();
        try {
            getOutputStream().flush();
        } finally {
            streamWriteLock.unlock();
        }
    }
}
