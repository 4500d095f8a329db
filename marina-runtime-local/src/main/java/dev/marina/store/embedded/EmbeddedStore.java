package dev.marina.store.embedded;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.ObjectMeta;
import dev.marina.api.http.ClusterEvent;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.step.StepProgress;
import dev.marina.control.store.ClusterStore;
import dev.marina.control.store.Leadership;
import dev.marina.control.store.StoredCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The store on an embedded H2 database under {@code $MARINA_HOME/store}. One connection, one writer: every call is
 * a committed transaction, written to disk before it returns ({@code WRITE_DELAY=0}), so a control plane killed with
 * {@code kill -9} loses nothing it acknowledged. H2's file lock keeps a second control plane off the same home.
 */
public final class EmbeddedStore implements ClusterStore {

    /** H2's error code for a database file that another process holds open. */
    private static final int DATABASE_ALREADY_OPEN = 90020;

    /** A password, or a PEM certificate with its key. */
    private static final int SECRET_LENGTH = 16384;

    private final Connection connection;
    private final Clock clock;

    private EmbeddedStore(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    public static EmbeddedStore open(Path home, Clock clock) {
        requireNonNull(home, "home is null");
        Path directory = home.resolve("store");
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Connection connection = DriverManager.getConnection(
                    "jdbc:h2:file:" + directory.resolve("marina").toAbsolutePath()
                            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                    "marina",
                    "");
            connection.setAutoCommit(true);
            EmbeddedStore store = new EmbeddedStore(connection, clock);
            store.createTables();
            return store;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot create the store directory " + directory + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            if (e.getErrorCode() == DATABASE_ALREADY_OPEN) {
                throw new IllegalStateException(
                        "the store in " + directory
                                + " is in use by another control plane; stop it with marina down, or use another MARINA_HOME",
                        e);
            }
            throw new IllegalStateException("cannot open the store in " + directory + ": " + e.getMessage(), e);
        }
    }

    private void createTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS clusters (name VARCHAR(64) PRIMARY KEY, resource CLOB NOT NULL,"
                            + " deleting BOOLEAN NOT NULL DEFAULT FALSE, purge BOOLEAN NOT NULL DEFAULT FALSE)");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS members (cluster VARCHAR(64), name VARCHAR(128), record CLOB NOT NULL,"
                            + " PRIMARY KEY (cluster, name))");
            statement.execute("CREATE TABLE IF NOT EXISTS ordinals (cluster VARCHAR(64), component VARCHAR(64),"
                    + " next_ordinal INT NOT NULL, PRIMARY KEY (cluster, component))");
            statement.execute("CREATE TABLE IF NOT EXISTS secrets (cluster VARCHAR(64), secret_key VARCHAR(64),"
                    + " secret_value VARCHAR(" + SECRET_LENGTH + ") NOT NULL, PRIMARY KEY (cluster, secret_key))");
            // Stores made before secrets held certificates (PEM, about 900 characters with the key) had 256.
            statement.execute(
                    "ALTER TABLE secrets ALTER COLUMN secret_value SET DATA TYPE VARCHAR(" + SECRET_LENGTH + ")");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS events (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_time VARCHAR(40),"
                            + " cluster VARCHAR(64), member VARCHAR(128), event_type VARCHAR(16), reason VARCHAR(64), message CLOB)");
            statement.execute("CREATE INDEX IF NOT EXISTS events_by_cluster ON events (cluster, id)");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS progress (cluster VARCHAR(64) PRIMARY KEY, steps CLOB NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS initialized (cluster VARCHAR(64) PRIMARY KEY)");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS leadership (cluster VARCHAR(64) PRIMARY KEY, record CLOB NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS operations (name VARCHAR(160) PRIMARY KEY,"
                    + " id BIGINT AUTO_INCREMENT UNIQUE, cluster VARCHAR(64) NOT NULL, resource CLOB NOT NULL)");
        }
    }

    @Override
    public synchronized Optional<StoredCluster> find(String name) {
        return query("SELECT resource, deleting, purge FROM clusters WHERE name = ?", List.of(name), this::toCluster)
                .stream()
                .findFirst();
    }

    @Override
    public synchronized List<StoredCluster> list() {
        return query("SELECT resource, deleting, purge FROM clusters ORDER BY name", List.of(), this::toCluster);
    }

    @Override
    public synchronized Saved save(DatabaseCluster cluster) {
        Optional<StoredCluster> existing = find(cluster.name());
        if (existing.isEmpty()) {
            ObjectMeta metadata = cluster.metadata()
                    .withGeneration(1)
                    .withIdentity(UUID.randomUUID().toString(), clock.instant().toString());
            DatabaseCluster created = new DatabaseCluster(
                    DatabaseCluster.API_VERSION, DatabaseCluster.KIND, metadata, cluster.spec(), null);
            update(
                    "INSERT INTO clusters (name, resource) VALUES (?, ?)",
                    cluster.name(),
                    Serialization.toJson(created));
            return new Saved(new StoredCluster(created, false, false), "created");
        }
        DatabaseCluster before = existing.get().resource();
        boolean specChanged = !Objects.equals(before.spec(), cluster.spec());
        boolean metadataChanged = !Objects.equals(
                        before.metadata().labels(), cluster.metadata().labels())
                || !Objects.equals(
                        before.metadata().annotations(), cluster.metadata().annotations());
        if (!specChanged && !metadataChanged) {
            return new Saved(existing.get(), "unchanged");
        }
        long generation = existing.get().generation() + (specChanged ? 1 : 0);
        ObjectMeta metadata = new ObjectMeta(
                before.name(),
                cluster.metadata().labels(),
                cluster.metadata().annotations(),
                generation,
                before.metadata().uid(),
                before.metadata().creationTimestamp());
        DatabaseCluster updated =
                new DatabaseCluster(before.apiVersion(), before.kind(), metadata, cluster.spec(), before.status());
        update("UPDATE clusters SET resource = ? WHERE name = ?", Serialization.toJson(updated), cluster.name());
        return new Saved(
                new StoredCluster(
                        updated, existing.get().deleting(), existing.get().purge()),
                "configured");
    }

    @Override
    public synchronized void saveStatus(String name, ClusterStatus status) {
        find(name)
                .ifPresent(existing -> update(
                        "UPDATE clusters SET resource = ? WHERE name = ?",
                        Serialization.toJson(existing.resource().withStatus(status)),
                        name));
    }

    @Override
    public synchronized void markDeleting(String name, boolean purge) {
        update("UPDATE clusters SET deleting = TRUE, purge = ? WHERE name = ?", purge, name);
    }

    @Override
    public synchronized void delete(String name, boolean purge) {
        inTransaction(() -> {
            update("DELETE FROM clusters WHERE name = ?", name);
            update("DELETE FROM progress WHERE cluster = ?", name);
            if (purge) {
                update("DELETE FROM members WHERE cluster = ?", name);
                update("DELETE FROM ordinals WHERE cluster = ?", name);
                update("DELETE FROM secrets WHERE cluster = ?", name);
                update("DELETE FROM events WHERE cluster = ?", name);
                update("DELETE FROM initialized WHERE cluster = ?", name);
                update("DELETE FROM leadership WHERE cluster = ?", name);
                update("DELETE FROM operations WHERE cluster = ?", name);
            }
        });
    }

    @Override
    public synchronized List<MemberRecord> members(String cluster) {
        return query(
                "SELECT record FROM members WHERE cluster = ? ORDER BY name",
                List.of(cluster),
                result -> Serialization.fromJson(result.getString(1), MemberRecord.class));
    }

    @Override
    public synchronized void saveMember(String cluster, MemberRecord member) {
        update(
                "MERGE INTO members (cluster, name, record) KEY (cluster, name) VALUES (?, ?, ?)",
                cluster,
                member.name(),
                Serialization.toJson(member));
    }

    @Override
    public synchronized void deleteMember(String cluster, String member) {
        update("DELETE FROM members WHERE cluster = ? AND name = ?", cluster, member);
    }

    @Override
    public synchronized Saved saveWithMembers(DatabaseCluster cluster, List<MemberRecord> members) {
        Saved[] saved = new Saved[1];
        inTransaction(() -> {
            saved[0] = save(cluster);
            for (MemberRecord member : members) {
                saveMember(cluster.name(), member);
            }
        });
        return saved[0];
    }

    @Override
    public synchronized void saveOperation(DatabaseOperation operation) {
        String json = Serialization.toJson(operation);
        if (operation(operation.name()).isPresent()) {
            update("UPDATE operations SET resource = ? WHERE name = ?", json, operation.name());
        } else {
            update(
                    "INSERT INTO operations (name, cluster, resource) VALUES (?, ?, ?)",
                    operation.name(),
                    operation.spec().cluster(),
                    json);
        }
    }

    @Override
    public synchronized Optional<DatabaseOperation> operation(String name) {
        return query(
                        "SELECT resource FROM operations WHERE name = ?",
                        List.of(name),
                        result -> Serialization.fromJson(result.getString(1), DatabaseOperation.class))
                .stream()
                .findFirst();
    }

    @Override
    public synchronized List<DatabaseOperation> operations(String cluster) {
        Row<DatabaseOperation> row = result -> Serialization.fromJson(result.getString(1), DatabaseOperation.class);
        return cluster == null
                ? query("SELECT resource FROM operations ORDER BY id", List.of(), row)
                : query("SELECT resource FROM operations WHERE cluster = ? ORDER BY id", List.of(cluster), row);
    }

    @Override
    public synchronized int nextOrdinal(String cluster, String component) {
        int[] next = new int[1];
        inTransaction(() -> {
            List<Integer> current = query(
                    "SELECT next_ordinal FROM ordinals WHERE cluster = ? AND component = ?",
                    List.of(cluster, component),
                    result -> result.getInt(1));
            next[0] = current.isEmpty() ? 0 : current.get(0);
            update(
                    "MERGE INTO ordinals (cluster, component, next_ordinal) KEY (cluster, component) VALUES (?, ?, ?)",
                    cluster,
                    component,
                    next[0] + 1);
        });
        return next[0];
    }

    @Override
    public synchronized boolean isInitialized(String cluster) {
        return !query("SELECT 1 FROM initialized WHERE cluster = ?", List.of(cluster), result -> 1)
                .isEmpty();
    }

    @Override
    public synchronized void markInitialized(String cluster) {
        update("MERGE INTO initialized (cluster) KEY (cluster) VALUES (?)", cluster);
    }

    @Override
    public synchronized Optional<Leadership> leadership(String cluster) {
        return query(
                        "SELECT record FROM leadership WHERE cluster = ?",
                        List.of(cluster),
                        result -> Serialization.fromJson(result.getString(1), Leadership.class))
                .stream()
                .findFirst();
    }

    @Override
    public synchronized void saveLeadership(String cluster, Leadership leadership) {
        update(
                "MERGE INTO leadership (cluster, record) KEY (cluster) VALUES (?, ?)",
                cluster,
                Serialization.toJson(leadership));
    }

    @Override
    public synchronized Optional<String> secret(String cluster, String key) {
        return query(
                        "SELECT secret_value FROM secrets WHERE cluster = ? AND secret_key = ?",
                        List.of(cluster, key),
                        result -> result.getString(1))
                .stream()
                .findFirst();
    }

    @Override
    public synchronized void saveSecret(String cluster, String key, String value) {
        update(
                "MERGE INTO secrets (cluster, secret_key, secret_value) KEY (cluster, secret_key) VALUES (?, ?, ?)",
                cluster,
                key,
                value);
    }

    @Override
    public synchronized ClusterEvent appendEvent(
            String cluster, String member, String type, String reason, String message) {
        String time = clock.instant().toString();
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO events (event_time, cluster, member, event_type, reason, message) VALUES (?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            bind(statement, time, cluster, member, type, reason, message);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                keys.next();
                return new ClusterEvent(keys.getLong(1), time, cluster, member, type, reason, message);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store an event: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<ClusterEvent> events(String cluster, int limit) {
        List<ClusterEvent> newestFirst = query(
                "SELECT id, event_time, cluster, member, event_type, reason, message FROM events WHERE cluster = ?"
                        + " ORDER BY id DESC LIMIT ?",
                List.of(cluster, limit),
                result -> new ClusterEvent(
                        result.getLong(1),
                        result.getString(2),
                        result.getString(3),
                        result.getString(4),
                        result.getString(5),
                        result.getString(6),
                        result.getString(7)));
        List<ClusterEvent> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    @Override
    public synchronized void saveProgress(String cluster, List<StepProgress> progress) {
        update(
                "MERGE INTO progress (cluster, steps) KEY (cluster) VALUES (?, ?)",
                cluster,
                Serialization.toJson(progress));
    }

    @Override
    public synchronized List<StepProgress> progress(String cluster) {
        return query("SELECT steps FROM progress WHERE cluster = ?", List.of(cluster), result -> {
                    try {
                        return Serialization.json()
                                .readValue(result.getString(1), new TypeReference<List<StepProgress>>() {});
                    } catch (IOException e) {
                        throw new SQLException("unreadable progress", e);
                    }
                })
                .stream()
                .findFirst()
                .orElse(List.of());
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the store: " + e.getMessage(), e);
        }
    }

    private StoredCluster toCluster(ResultSet result) throws SQLException {
        DatabaseCluster resource = Serialization.fromJson(result.getString(1), DatabaseCluster.class);
        return new StoredCluster(resource, result.getBoolean(2), result.getBoolean(3));
    }

    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet result) throws SQLException;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    private <T> List<T> query(String sql, List<Object> parameters, Row<T> row) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters.toArray());
            try (ResultSet result = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(row.read(result));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store query failed: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("store update failed: " + e.getMessage(), e);
        }
    }

    private void inTransaction(Work work) {
        try {
            connection.setAutoCommit(false);
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("store transaction failed: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
