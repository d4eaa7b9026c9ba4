package io.mig.core.memory;

import io.mig.core.port.out.Connection;
import io.mig.core.port.out.ConnectionRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Live connections in a concurrent map; a handle removes its connection when closed. */
public final class InMemoryConnectionRegistry implements ConnectionRegistry {
    private final ConcurrentHashMap<String, Connection> byId = new ConcurrentHashMap<>();

    @Override
    public Handle register(Connection connection) {
        String id = connection.id() != null ? connection.id()
                : "conn-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        byId.put(id, new Connection(id, connection.protocol(), connection.kind(), connection.tenantId(),
                connection.actor(), connection.remoteAddr(), connection.startedAt(), connection.meta()));
        return new Handle() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void close() {
                byId.remove(id);
            }
        };
    }

    @Override
    public List<Connection> list() {
        return byId.values().stream()
                .sorted(Comparator.comparing(Connection::startedAt).thenComparing(Connection::id))
                .toList();
    }
}
