package dev.marina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Time until a 3-member synchronous PostgreSQL cluster accepts a write with both replicas streaming: through Marina
 * (apply until a committed INSERT), and the same steps by hand (initdb, pg_ctl, pg_basebackup) as the floor. Rounds
 * alternate between the two so machine noise hits both alike.
 */
final class ProvisioningBenchmark {

    private static final String CLUSTER = MarinaCluster.specification("bench");

    private final Path repository;
    private final int rounds;

    ProvisioningBenchmark(Path repository, int rounds) {
        this.repository = repository;
        this.rounds = rounds;
    }

    void run() throws Exception {
        List<Double> marina = new ArrayList<>();
        List<Double> byHand = new ArrayList<>();
        try (MarinaControlPlane controlPlane = MarinaControlPlane.up(repository)) {
            for (int round = 1; round <= rounds; round++) {
                marina.add(marinaRound(controlPlane));
                byHand.add(byHandRound(controlPlane.home().resolve("by-hand-" + round)));
                System.err.printf(
                        Locale.ROOT,
                        "round %d: marina %.2f s, by hand %.2f s%n",
                        round,
                        marina.get(round - 1),
                        byHand.get(round - 1));
            }
        }
        double marinaMedian = Statistics.median(marina);
        double floorMedian = Statistics.median(byHand);
        String table = String.format(
                Locale.ROOT,
                "| what | median | min | max | ratio to the floor |%n|---|---|---|---|---|%n"
                        + "| Marina: `marina apply` until a synchronous commit succeeds, both replicas streaming | %.2f s | %.2f s | %.2f s | %.2f |%n"
                        + "| by hand: initdb, pg_ctl start -w, pg_basebackup -c fast ×2, pg_ctl start ×2, reload, commit | %.2f s | %.2f s | %.2f s | 1.00 |%n",
                marinaMedian,
                Statistics.min(marina),
                Statistics.max(marina),
                marinaMedian / floorMedian,
                floorMedian,
                Statistics.min(byHand),
                Statistics.max(byHand));
        System.out.println(table);
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("rounds", rounds);
        results.put("marinaSeconds", marina);
        results.put("byHandSeconds", byHand);
        results.put("marinaMedian", marinaMedian);
        results.put("byHandMedian", floorMedian);
        BenchmarkResults.write(repository, "provisioning", results);
        BenchmarkReport.update(repository.resolve("docs/benchmarks.md"), "provisioning", """
                ## Provisioning: a 3-member synchronous PostgreSQL cluster

                Command: `bin/bench provisioning --rounds %d` (%s, %d cores). Time from the request until a synchronous \
                commit succeeds with both replicas streaming; the rounds alternate between Marina and the same steps done \
                by hand in the same run.

                %s
                Each Marina round runs against a control plane that is already up (`marina up`), and ends with \
                `marina delete cluster bench --purge`.
                """.formatted(
                        rounds,
                        Instant.now().toString().substring(0, 10),
                        Runtime.getRuntime().availableProcessors(),
                        table));
    }

    private double marinaRound(MarinaControlPlane marina) throws Exception {
        long start = System.nanoTime();
        marina.send("POST", "/api/v1/apply", CLUSTER);
        while (true) {
            JsonNode cluster = marina.get("/api/v1/clusters/bench");
            if (readyWithTwoStreaming(cluster) && commitSucceeds(marina)) {
                break;
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
                throw new IllegalStateException("cluster did not become ready in 3 minutes: " + cluster);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        marina.send("DELETE", "/api/v1/clusters/bench?purge=true", null);
        while (!marina.send("GET", "/api/v1/clusters", null).strip().equals("[]")) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return seconds;
    }

    private static boolean readyWithTwoStreaming(JsonNode cluster) {
        int streaming = 0;
        for (JsonNode member : cluster.path("status").path("members")) {
            if (member.path("state").asText().equals("streaming")) {
                streaming++;
            }
        }
        return streaming == 2 && cluster.path("status").path("primary").isTextual();
    }

    private boolean commitSucceeds(MarinaControlPlane marina) {
        try {
            JsonNode connection = marina.get("/api/v1/clusters/bench/connection");
            String hosts = String.join(",", iterable(connection.path("hosts")));
            return write(
                    "jdbc:postgresql://" + hosts + "/app?targetServerType=primary",
                    "app",
                    connection.path("password").asText());
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static double byHandRound(Path directory) throws Exception {
        try (HandBuiltCluster cluster = new HandBuiltCluster(directory)) {
            long start = System.nanoTime();
            cluster.create();
            // The commit waits for a synchronous standby: when it returns, replication works end to end.
            while (!write(
                    "jdbc:postgresql://" + cluster.endpoint(0) + "/postgres",
                    HandBuiltCluster.SUPERUSER,
                    HandBuiltCluster.PASSWORD)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static boolean write(String url, String user, String password) {
        try (Connection connection = Connections.open(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_probe (at timestamptz)");
            statement.execute("INSERT INTO bench_probe VALUES (now())");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static List<String> iterable(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
