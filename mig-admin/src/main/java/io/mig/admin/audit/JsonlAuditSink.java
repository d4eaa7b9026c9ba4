package io.mig.admin.audit;

import io.mig.core.json.MigJson;
import io.mig.core.port.out.AuditRecord;
import io.mig.core.port.out.AuditSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each audit record as one JSON line and flushes it before returning, so the record is on
 * disk before the response that caused it is sent. The file is opened in append mode: it keeps
 * growing across restarts.
 */
public final class JsonlAuditSink implements AuditSink, AutoCloseable {
    private final Path path;
    private final OutputStream out;

    public JsonlAuditSink(Path path) {
        this.path = path;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + path, e);
        }
    }

    @Override
    public synchronized void record(AuditRecord record) {
        byte[] json = MigJson.encode(record);
        try {
            out.write(json);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + path, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
