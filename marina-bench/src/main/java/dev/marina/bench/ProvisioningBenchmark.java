package dev.marina.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Time until a 3-member synchronous PostgreSQL cluster accepts a write with both replicas streaming: through Marina
 * (apply until a committed INSERT), and the same steps by hand (initdb, pg_ctl, pg_basebackup) as the floor. Rounds
 * alternate between the two so machine noise hits both alike.
 */
final class ProvisioningBenchmark {

    private static final String CLUSTER = """
            apiVersion: marina.dev/v1alpha1
            kind: DatabaseCluster
            metadata:
              name: bench
            spec:
              engine: postgresql
              version: "15"
              components:
                postgres:
                  replicas: 3
              availability:
                synchronous: true
            """;

    private final Path repository;
    private final int rounds;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    ProvisioningBenchmark(Path repository, int rounds) {
        this.repository = repository;
        this.rounds = rounds;
    }

    void run() throws Exception {
        Path home = Files.createTempDirectory("marina-bench-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx--x--x"));
        List<Double> marina = new ArrayList<>();
        List<Double> byHand = new ArrayList<>();
        try {
            cli(home, "up");
            for (int round = 1; round <= rounds; round++) {
                marina.add(marinaRound(home));
                byHand.add(byHandRound(home.resolve("by-hand-" + round)));
                System.err.printf(
                        Locale.ROOT,
                        "round %d: marina %.2f s, by hand %.2f s%n",
                        round,
                        marina.get(round - 1),
                        byHand.get(round - 1));
            }
        } finally {
            cli(home, "down");
            deleteTree(home);
        }
        double marinaMedian = median(marina);
        double floorMedian = median(byHand);
        String table = String.format(
                Locale.ROOT,
                "| what | median | min | max | ratio to the floor |%n|---|---|---|---|---|%n"
                        + "| Marina: `marina apply` until a synchronous commit succeeds, both replicas streaming | %.2f s | %.2f s | %.2f s | %.2f |%n"
                        + "| by hand: initdb, pg_ctl start -w, pg_basebackup -c fast ×2, pg_ctl start ×2, reload, commit | %.2f s | %.2f s | %.2f s | 1.00 |%n",
                marinaMedian,
                min(marina),
                max(marina),
                marinaMedian / floorMedian,
                floorMedian,
                min(byHand),
                max(byHand));
        System.out.println(table);
        Path results = repository.resolve("bench-results");
        Files.createDirectories(results);
        Files.writeString(
                results.resolve("provisioning.json"),
                json.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(Map.of(
                                "scenario",
                                "provisioning",
                                "rounds",
                                rounds,
                                "marinaSeconds",
                                marina,
                                "byHandSeconds",
                                byHand,
                                "marinaMedian",
                                marinaMedian,
                                "byHandMedian",
                                floorMedian,
                                "at",
                                Instant.now().toString())));
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

    private double marinaRound(Path home) throws Exception {
        JsonNode server = json.readTree(Files.readString(home.resolve("server.json")));
        String base = "http://" + server.path("address").asText();
        String token = server.path("token").asText();
        long start = System.nanoTime();
        send(base, token, "POST", "/api/v1/apply", CLUSTER);
        while (true) {
            JsonNode cluster = json.readTree(send(base, token, "GET", "/api/v1/clusters/bench", null));
            if (readyWithTwoStreaming(cluster) && commitSucceeds(base, token)) {
                break;
            }
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
                throw new IllegalStateException("cluster did not become ready in 3 minutes: " + cluster);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        send(base, token, "DELETE", "/api/v1/clusters/bench?purge=true", null);
        while (!send(base, token, "GET", "/api/v1/clusters", null).strip().equals("[]")) {
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

    private boolean commitSucceeds(String base, String token) {
        try {
            JsonNode connection = json.readTree(send(base, token, "GET", "/api/v1/clusters/bench/connection", null));
            String hosts = String.join(",", iterable(connection.path("hosts")));
            return write(
                    "jdbc:postgresql://" + hosts + "/app?targetServerType=primary",
                    "app",
                    connection.path("password").asText());
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private double byHandRound(Path directory) throws Exception {
        Files.createDirectories(directory);
        if (Shell.isRoot()) {
            Shell.run(
                    List.of("chown", Shell.ENGINE_USER + ":" + Shell.ENGINE_USER, directory.toString()),
                    Map.of(),
                    null);
        }
        int[] ports = {freePort(), freePort(), freePort()};
        Path passwordFile = directory.resolve("pw");
        Files.writeString(passwordFile, "benchpw\n");
        giveToEngineUser(passwordFile);
        Path primary = directory.resolve("m0");
        long start = System.nanoTime();
        try {
            postgresProgram(
                    directory,
                    Map.of(),
                    "initdb",
                    "-D",
                    primary.toString(),
                    "-U",
                    "postgres",
                    "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256",
                    "-k",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8");
            Files.writeString(
                    primary.resolve("postgresql.auto.conf"),
                    settings(ports[0], directory.resolve("m0")) + "synchronous_standby_names = 'ANY 1 (m1, m2)'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Files.writeString(
                    primary.resolve("pg_hba.conf"),
                    "local all all scram-sha-256\nhost all all 127.0.0.1/32 scram-sha-256\nhost replication all 127.0.0.1/32 scram-sha-256\n");
            postgresProgram(
                    directory,
                    Map.of(),
                    "pg_ctl",
                    "-D",
                    primary.toString(),
                    "-l",
                    directory.resolve("m0.log").toString(),
                    "-w",
                    "start");
            Map<String, String> password = Map.of("PGPASSWORD", "benchpw");
            for (int replica = 1; replica <= 2; replica++) {
                Path data = directory.resolve("m" + replica);
                postgresProgram(
                        directory,
                        password,
                        "pg_basebackup",
                        "-D",
                        data.toString(),
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(ports[0]),
                        "-U",
                        "postgres",
                        "-c",
                        "fast",
                        "-X",
                        "stream",
                        "-R",
                        "--no-sync");
                Files.writeString(
                        data.resolve("postgresql.auto.conf"),
                        settings(ports[replica], data) + "cluster_name = 'm" + replica + "'\n"
                                + "primary_conninfo = 'host=127.0.0.1 port=" + ports[0]
                                + " user=postgres password=benchpw application_name=m" + replica + "'\n");
                postgresProgram(
                        directory,
                        Map.of(),
                        "pg_ctl",
                        "-D",
                        data.toString(),
                        "-l",
                        directory.resolve("m" + replica + ".log").toString(),
                        "-w",
                        "start");
            }
            // The commit waits for a synchronous standby: when it returns, replication works end to end.
            while (!write("jdbc:postgresql://127.0.0.1:" + ports[0] + "/postgres", "postgres", "benchpw")) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            for (int member = 2; member >= 0; member--) {
                Path data = directory.resolve("m" + member);
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    postgresProgram(
                            directory, Map.of(), "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
                }
            }
            deleteTree(directory);
        }
    }

    private static void giveToEngineUser(Path path) throws IOException, InterruptedException {
        if (Shell.isRoot()) {
            Shell.run(List.of("chown", Shell.ENGINE_USER + ":" + Shell.ENGINE_USER, path.toString()), Map.of(), null);
        }
    }

    /** Runs one of PostgreSQL's programs as the engine user, from {@code directory}. */
    private static void postgresProgram(
            Path directory, Map<String, String> environment, String program, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of("/usr/lib/postgresql/15/bin", program).toString());
        command.addAll(List.of(arguments));
        Shell.run(Shell.asEngineUser(command), environment, directory);
    }

    private static String settings(int port, Path data) {
        return "\nport = " + port + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '" + data
                + "'\nwal_log_hints = on\n";
    }

    private static boolean write(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "10");
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_probe (at timestamptz)");
            statement.execute("INSERT INTO bench_probe VALUES (now())");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private String send(String base, String token, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/yaml")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body();
    }

    private void cli(Path home, String command) throws IOException, InterruptedException {
        Path jar = repository.resolve("marina-dist/target/marina.jar");
        Shell.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        jar.toString(),
                        command),
                Map.of("MARINA_HOME", home.toString()),
                null);
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> iterable(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        }
    }
}
