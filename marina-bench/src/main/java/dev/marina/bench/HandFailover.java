package dev.marina.bench;

import dev.marina.control.Poll;
import dev.marina.testkit.chaos.Fault;
import dev.marina.testkit.chaos.ProcessFaults;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The floor of a failover: what it costs with no detection delay at all. Right after the kill -9 of the primary's
 * postmaster, by hand: kill its orphaned children (the fence Marina also applies), promote the replica that received
 * the most WAL, point the other replica at it and reload. Commits on the new primary wait for that replica, as with
 * Marina, because every member lists the others as synchronous standbys. The killed member is copied again afterwards,
 * outside the measurement.
 */
final class HandFailover {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final HandBuiltCluster cluster;
    private int primary;
    private int killed = -1;
    private List<ProcessHandle> killedProcesses = List.of();

    HandFailover(HandBuiltCluster cluster) {
        this.cluster = cluster;
    }

    Fault killAndPromote(ProcessFaults faults) throws IOException, SQLException {
        ProcessHandle postmaster = cluster.runningPostmaster(primary)
                .orElseThrow(() -> new IllegalStateException(HandBuiltCluster.name(primary) + " does not run"));
        List<ProcessHandle> processes = new ArrayList<>(List.of(postmaster));
        postmaster.descendants().forEach(processes::add);
        Fault fault = faults.kill9(postmaster.pid());
        // A backend or WAL sender outliving its postmaster could still commit or ship WAL for a moment.
        processes.forEach(ProcessHandle::destroyForcibly);
        List<Integer> replicas = new ArrayList<>();
        for (int member = 0; member < HandBuiltCluster.MEMBERS; member++) {
            if (member != primary) {
                replicas.add(member);
            }
        }
        int chosen = receivedMore(replicas.get(0), replicas.get(1)) ? replicas.get(0) : replicas.get(1);
        int other = chosen == replicas.get(0) ? replicas.get(1) : replicas.get(0);
        promote(chosen);
        repoint(other, chosen);
        killed = primary;
        killedProcesses = processes;
        primary = chosen;
        return fault;
    }

    /** Copies the member killed in the last round again from the new primary; not part of any measurement. */
    void rebuildKilled() throws IOException, InterruptedException {
        if (killed < 0) {
            return;
        }
        for (ProcessHandle process : killedProcesses) {
            if (!Poll.until(() -> !process.isAlive(), EXIT_TIMEOUT, Duration.ofMillis(10))) {
                throw new IllegalStateException("process " + process.pid() + " of " + HandBuiltCluster.name(killed)
                        + " is still alive " + EXIT_TIMEOUT + " after kill -9");
            }
        }
        cluster.rebuild(killed, primary);
        killed = -1;
        killedProcesses = List.of();
    }

    private boolean receivedMore(int first, int second) throws SQLException {
        return receivedBytes(first) >= receivedBytes(second);
    }

    private long receivedBytes(int member) throws SQLException {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) - '0/0'::pg_lsn")) {
            row.next();
            return row.getBigDecimal(1).longValueExact();
        }
    }

    private void promote(int member) throws SQLException {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_promote()")) {
            row.next();
            if (!row.getBoolean(1)) {
                throw new IllegalStateException(HandBuiltCluster.name(member) + " did not finish its promotion");
            }
        }
    }

    private void repoint(int member, int source) throws SQLException {
        try (Connection connection = superuser(member);
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET primary_conninfo = '" + cluster.primaryConninfo(member, source) + "'");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private Connection superuser(int member) throws SQLException {
        return Connections.open(
                "jdbc:postgresql://" + cluster.endpoint(member) + "/postgres",
                HandBuiltCluster.SUPERUSER,
                HandBuiltCluster.PASSWORD);
    }
}
