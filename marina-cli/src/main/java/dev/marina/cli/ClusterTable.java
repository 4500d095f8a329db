package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import java.time.Instant;
import java.util.List;

/** The table {@code marina get clusters} prints: one row per cluster. */
public final class ClusterTable {

    private static final List<String> HEADERS =
            List.of("name", "engine", "version", "ready", "phase", "primary", "age");

    private ClusterTable() {}

    public static Table of(List<DatabaseCluster> clusters, Instant now) {
        requireNonNull(clusters, "clusters is null");
        requireNonNull(now, "now is null");
        return Table.of(
                HEADERS, clusters.stream().map(cluster -> row(cluster, now)).toList());
    }

    private static List<String> row(DatabaseCluster cluster, Instant now) {
        ClusterSpec spec = cluster.spec();
        ClusterStatus status = cluster.status();
        return Table.row(
                cluster.metadata() == null ? null : cluster.metadata().name(),
                spec == null ? null : spec.engine(),
                spec == null ? null : spec.version(),
                new ClusterReadiness(cluster).readyColumn(),
                status == null ? null : status.phase(),
                status == null ? null : status.primary(),
                Ages.since(
                        cluster.metadata() == null ? null : cluster.metadata().creationTimestamp(), now));
    }
}
