package dev.marina.engine.postgresql;

import dev.marina.control.member.MemberContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks every member, over and over while a failover goes on, whether it takes writes, and remembers every moment a
 * member other than the one allowed did: the fenced primary back, or any second primary, is split brain. Connections
 * stay open between checks, so that watching costs the members (and the timings) little.
 */
final class PrimaryWatch implements AutoCloseable {

    private final List<MemberContext> members;
    private final String allowed;
    private final Map<String, Connection> connections = new HashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private PrimaryWatch(List<MemberContext> members, String allowed) {
        this.members = List.copyOf(members);
        this.allowed = allowed;
        this.thread = Thread.ofVirtual().name("primary-watch").start(this::watch);
    }

    /** Watches that no member but {@code allowed} takes writes (it need not, yet). */
    static PrimaryWatch allowing(LocalCluster cluster, String allowed) {
        return new PrimaryWatch(cluster.members(), allowed);
    }

    private void watch() {
        while (running) {
            List<String> writable = new ArrayList<>();
            for (MemberContext member : members) {
                if (writable(member)) {
                    writable.add(member.name());
                }
            }
            checks.incrementAndGet();
            if (writable.stream().anyMatch(member -> !member.equals(allowed))) {
                violations.add("writable: " + writable);
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        connections.values().forEach(PrimaryWatch::closeQuietly);
    }

    private boolean writable(MemberContext member) {
        try {
            Connection connection = connections.get(member.name());
            if (connection == null) {
                connection = Sessions.open(member, ConfigRenderer.SUPERUSER, PostgresEngine.SUPERUSER, "postgres");
                connections.put(member.name(), connection);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT NOT pg_is_in_recovery()")) {
                result.next();
                return result.getBoolean(1);
            }
        } catch (SQLException e) {
            // Down or restarting: it takes no writes; connect again next time.
            closeQuietly(connections.remove(member.name()));
            return false;
        }
    }

    /** Stops watching; returns every moment the rule was broken, and how often it was checked. */
    Result stop() {
        close();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(List.copyOf(violations), checks.get());
    }

    record Result(List<String> violations, int checks) {}

    @Override
    public void close() {
        running = false;
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Broken already: nothing left to close.
        }
    }
}
