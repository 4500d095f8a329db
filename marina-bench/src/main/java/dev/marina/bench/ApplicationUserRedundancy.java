package dev.marina.bench;

import dev.marina.testkit.chaos.JdbcWriter;
import dev.marina.testkit.chaos.RedundancyCheck;
import dev.marina.testkit.chaos.RedundancyProbe;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Full redundancy of a cluster under {@link JdbcWriter} load, judged with the rights of the application user alone.
 * Marina hands out no superuser password, and without one PostgreSQL hides the WAL receiver's state and timeline (so
 * the testkit's {@code PostgresRedundancy} cannot be used); the rows themselves tell the same story: each row records
 * the timeline it was committed on. Full means exactly one writable member, and on every other member a WAL receiver
 * that runs, a newest row written on the primary's current timeline, and every row the primary had committed at the
 * previous look. A replica stuck on a forked-off timeline never sees a row of the new timeline, and one that stopped
 * replaying falls behind the previous look. Keeps one connection per member between looks.
 */
final class ApplicationUserRedundancy implements RedundancyProbe, AutoCloseable {

    /** The timeline as {@link JdbcWriter} computes it; primary-only functions are kept away from replicas. */
    private static final String MEMBER_STATE = "SELECT pg_is_in_recovery(),"
            + " CASE WHEN pg_is_in_recovery() THEN NULL ELSE"
            + " ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::bigint END,"
            + " EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE pid IS NOT NULL),"
            + " newest.id, newest.epoch"
            + " FROM (SELECT 1) AS one LEFT JOIN (SELECT id, epoch FROM " + JdbcWriter.TABLE
            + " ORDER BY id DESC LIMIT 1) AS newest ON true";

    /** One member as seen in one look; {@code error} is set when it could not be asked. */
    private record MemberState(
            String endpoint,
            boolean replica,
            long timeline,
            boolean receiving,
            long newestId,
            long newestEpoch,
            String error) {}

    private final List<String> endpoints;
    private final String user;
    private final String password;
    private final String database;
    private final Map<String, Connection> connections = new HashMap<>();
    private MemberState previousPrimary;

    ApplicationUserRedundancy(List<String> endpoints, String user, String password, String database) {
        this.endpoints = List.copyOf(endpoints);
        this.user = user;
        this.password = password;
        this.database = database;
    }

    @Override
    public synchronized RedundancyCheck check() {
        List<MemberState> states = new ArrayList<>();
        for (String endpoint : endpoints) {
            states.add(observe(endpoint));
        }
        List<String> missing = new ArrayList<>();
        List<MemberState> primaries = new ArrayList<>();
        for (MemberState state : states) {
            if (state.error() != null) {
                missing.add(state.endpoint() + " cannot be asked: " + state.error());
            } else if (!state.replica()) {
                primaries.add(state);
            }
        }
        if (primaries.size() != 1) {
            missing.add("expected exactly one writable member, found " + primaries.size());
            previousPrimary = null;
            return new RedundancyCheck(missing);
        }
        MemberState primary = primaries.get(0);
        for (MemberState state : states) {
            if (state.error() == null && state.replica()) {
                missing.addAll(replicaMissing(state, primary));
            }
        }
        previousPrimary = primary;
        return new RedundancyCheck(missing);
    }

    @Override
    public synchronized void close() {
        for (String endpoint : List.copyOf(connections.keySet())) {
            disconnect(endpoint);
        }
    }

    private List<String> replicaMissing(MemberState replica, MemberState primary) {
        List<String> missing = new ArrayList<>();
        if (!replica.receiving()) {
            missing.add(replica.endpoint() + " runs no WAL receiver");
        }
        if (replica.newestEpoch() != primary.timeline()) {
            missing.add(replica.endpoint() + " shows its newest row on timeline " + replica.newestEpoch()
                    + ", but primary " + primary.endpoint() + " writes on timeline " + primary.timeline());
        }
        boolean samePrimary = previousPrimary != null
                && previousPrimary.endpoint().equals(primary.endpoint())
                && previousPrimary.timeline() == primary.timeline();
        if (!samePrimary) {
            missing.add(
                    "no earlier look at primary " + primary.endpoint() + " to compare " + replica.endpoint() + " with");
        } else if (replica.newestId() < previousPrimary.newestId()) {
            missing.add(replica.endpoint() + " does not show id " + previousPrimary.newestId() + ", which primary "
                    + primary.endpoint() + " had committed at the previous look");
        }
        return missing;
    }

    private MemberState observe(String endpoint) {
        try {
            Connection connection = connections.get(endpoint);
            if (connection == null) {
                connection = Connections.open("jdbc:postgresql://" + endpoint + "/" + database, user, password);
                connections.put(endpoint, connection);
            }
            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery(MEMBER_STATE)) {
                row.next();
                // getLong reads a missing row's id and epoch as 0, which no write and no timeline has.
                return new MemberState(
                        endpoint,
                        row.getBoolean(1),
                        row.getLong(2),
                        row.getBoolean(3),
                        row.getLong(4),
                        row.getLong(5),
                        null);
            }
        } catch (SQLException e) {
            // A broken connection stays broken; the next look opens a new one.
            disconnect(endpoint);
            return new MemberState(endpoint, false, 0, false, 0, 0, String.valueOf(e.getMessage()));
        }
    }

    private void disconnect(String endpoint) {
        Connection connection = connections.remove(endpoint);
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Only the socket is released.
        }
    }
}
