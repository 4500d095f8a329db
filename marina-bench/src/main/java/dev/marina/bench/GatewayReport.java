package dev.marina.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The gateway benchmark's table, goals and failures: printed, written to docs/benchmarks.md with the command, and
 * written as JSON with every run. A target's columns appear only when it was measured; ratios to direct need the
 * direct target, the CPU comparison needs both proxies.
 */
final class GatewayReport {

    private static final String SCENARIO = "gateway";
    private static final String NOT_MEASURED = "–";

    private final Path repository;
    private final GatewayOptions options;
    private final String pgbouncerVersion;
    private final int maxConnections;

    GatewayReport(Path repository, GatewayOptions options, String pgbouncerVersion, int maxConnections) {
        this.repository = repository;
        this.options = options;
        this.pgbouncerVersion = pgbouncerVersion;
        this.maxConnections = maxConnections;
    }

    /** Prints and writes everything; false when a direct or gateway run failed (PgBouncer's failures are known). */
    boolean write(List<GatewayMeasurement> measurements) throws Exception {
        List<TargetSummary> summaries = new ArrayList<>();
        for (PgbenchCell cell : options.cells()) {
            for (GatewayTarget target : options.targets()) {
                summaries.add(TargetSummary.of(target, cell, measurements));
            }
        }
        String table = table(summaries);
        String goals = goals(summaries);
        List<String> failures = failures(summaries);
        System.out.println(table);
        System.out.println(goals);
        failures.forEach(failure -> System.out.println("failed: " + failure));

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("command", options.command());
        results.put("rounds", options.rounds());
        results.put("secondsPerRun", options.seconds());
        results.put("scale", options.scale());
        results.put("poolSize", options.poolSize());
        results.put(
                "targets", options.targets().stream().map(GatewayTarget::option).toList());
        results.put("pgbouncerVersion", pgbouncerVersion);
        results.put("summary", summaries.stream().map(TargetSummary::asJson).toList());
        results.put(
                "runs", measurements.stream().map(GatewayMeasurement::asJson).toList());
        results.put("failures", failures);
        BenchmarkResults.write(repository, SCENARIO, results);
        BenchmarkReport.update(repository.resolve("docs/benchmarks.md"), SCENARIO, section(table, goals, failures));
        return summaries.stream()
                .filter(summary -> summary.target() != GatewayTarget.PGBOUNCER)
                .allMatch(summary -> summary.failures() == 0);
    }

    private String table(List<TargetSummary> summaries) {
        boolean direct = options.measures(GatewayTarget.DIRECT);
        boolean bothProxies = options.measures(GatewayTarget.GATEWAY) && options.measures(GatewayTarget.PGBOUNCER);
        List<String> header = new ArrayList<>(List.of("pgbench", "-c", "-M"));
        for (GatewayTarget target : options.targets()) {
            header.add(target.label() + " TPS");
            if (target.isProxy() && direct) {
                header.add(target.label() + " TPS ÷ direct");
            }
            header.add(target.label() + " latency");
            if (target.isProxy()) {
                header.add(target.label() + " CPU µs/tx");
            }
        }
        if (bothProxies) {
            header.add("gateway CPU ÷ PgBouncer's");
        }
        StringBuilder table = new StringBuilder(row(header));
        table.append("|").append("---|".repeat(header.size())).append('\n');
        for (PgbenchCell cell : options.cells()) {
            List<String> columns =
                    new ArrayList<>(List.of(cell.script(), Integer.toString(cell.clients()), cell.protocol()));
            TargetSummary directSummary = direct ? find(summaries, cell, GatewayTarget.DIRECT) : null;
            for (GatewayTarget target : options.targets()) {
                TargetSummary summary = find(summaries, cell, target);
                columns.add(summary.measured() ? tps(summary) : "failed");
                if (target.isProxy() && direct) {
                    columns.add(
                            bothMeasured(summary, directSummary)
                                    ? ratio(summary.tps() / directSummary.tps())
                                    : NOT_MEASURED);
                }
                columns.add(summary.measured() ? milliseconds(summary.latencyMilliseconds()) : NOT_MEASURED);
                if (target.isProxy()) {
                    columns.add(
                            summary.measured() ? microseconds(summary.cpuMicrosecondsPerTransaction()) : NOT_MEASURED);
                }
            }
            if (bothProxies) {
                TargetSummary gateway = find(summaries, cell, GatewayTarget.GATEWAY);
                TargetSummary pgbouncer = find(summaries, cell, GatewayTarget.PGBOUNCER);
                columns.add(
                        bothMeasured(gateway, pgbouncer)
                                ? ratio(gateway.cpuMicrosecondsPerTransaction()
                                        / pgbouncer.cpuMicrosecondsPerTransaction())
                                : NOT_MEASURED);
            }
            table.append(row(columns));
        }
        return table.toString();
    }

    /**
     * Issue 5's goals: the gateway's CPU per transaction at or below PgBouncer's, its TPS ratio to direct at or above
     * PgBouncer's (the same comparison as their TPS, since direct is common to both), and prepared mode working.
     */
    private String goals(List<TargetSummary> summaries) {
        if (!options.measures(GatewayTarget.GATEWAY)) {
            return "Goals not judged: the gateway was not measured (`--targets` left it out).";
        }
        List<TargetSummary> gateway = summaries.stream()
                .filter(summary -> summary.target() == GatewayTarget.GATEWAY)
                .toList();
        boolean preparedWorks = gateway.stream()
                .filter(summary -> summary.cell().protocol().equals("prepared"))
                .allMatch(summary -> summary.failures() == 0);
        boolean allWork = gateway.stream().allMatch(summary -> summary.failures() == 0);
        String comparisons = options.measures(GatewayTarget.PGBOUNCER)
                ? String.format(
                        Locale.ROOT,
                        "the gateway's CPU per transaction at or below PgBouncer's (%s), its TPS ratio to direct at or"
                                + " above PgBouncer's (%s), ",
                        metInCells(
                                summaries,
                                (pair) -> pair.gateway().cpuMicrosecondsPerTransaction()
                                        <= pair.pgbouncer().cpuMicrosecondsPerTransaction()),
                        metInCells(
                                summaries,
                                (pair) ->
                                        pair.gateway().tps() >= pair.pgbouncer().tps()))
                : "comparisons with PgBouncer not judged (not measured), ";
        return "Goals: " + comparisons + "prepared mode working through the gateway ("
                + (preparedWorks ? "met" : "missed") + "), every run through the gateway succeeded ("
                + (allWork ? "met" : "missed") + ").";
    }

    /** The gateway's and PgBouncer's summaries of one cell. */
    private record Pair(TargetSummary gateway, TargetSummary pgbouncer) {}

    private String metInCells(List<TargetSummary> summaries, Predicate<Pair> goal) {
        List<Pair> pairs = new ArrayList<>();
        for (PgbenchCell cell : options.cells()) {
            Pair pair = new Pair(
                    find(summaries, cell, GatewayTarget.GATEWAY), find(summaries, cell, GatewayTarget.PGBOUNCER));
            if (bothMeasured(pair.gateway(), pair.pgbouncer())) {
                pairs.add(pair);
            }
        }
        long met = pairs.stream().filter(goal).count();
        if (pairs.isEmpty()) {
            return "not judged: no cell ran on both";
        }
        // "missed: 1 of 4" read as missed in one cell; the count is of the cells where the goal held.
        return (met == pairs.size() ? "met" : "missed") + ", met in " + met + " of " + pairs.size()
                + " cells where both ran";
    }

    /**
     * One line per target and error: a proxy that never started fails every cell the same way, and one line says so.
     */
    private static List<String> failures(List<TargetSummary> summaries) {
        Map<String, List<TargetSummary>> byTargetAndError = new LinkedHashMap<>();
        summaries.stream()
                .filter(summary -> summary.failures() > 0)
                .forEach(summary -> byTargetAndError
                        .computeIfAbsent(
                                summary.target().label() + "\n"
                                        + summary.firstError().orElse("(no error recorded)"),
                                key -> new ArrayList<>())
                        .add(summary));
        List<String> failures = new ArrayList<>();
        byTargetAndError.forEach((key, group) -> failures.add(String.format(
                Locale.ROOT,
                "%s, %s: %d of %d runs failed; first error: %s",
                group.get(0).target().label(),
                String.join(
                        ", ",
                        group.stream().map(summary -> summary.cell().label()).toList()),
                group.stream().mapToInt(TargetSummary::failures).sum(),
                group.stream().mapToInt(TargetSummary::runs).sum(),
                key.substring(key.indexOf('\n') + 1))));
        return failures;
    }

    private String section(String table, String goals, List<String> failures) {
        String pgbouncer = options.measures(GatewayTarget.PGBOUNCER)
                ? pgbouncerVersion + " (Debian's package): `pool_mode = transaction`, `default_pool_size = "
                        + options.poolSize() + "`, `auth_type = scram-sha-256` with the password in its `auth_file`,"
                        + " which also logs it in to PostgreSQL with SCRAM. "
                : "";
        String gateway = options.measures(GatewayTarget.GATEWAY)
                ? "Marina's gateway: its own JVM (`java " + String.join(" ", GatewayProxy.JVM_OPTIONS) + "`),"
                        + " transaction pooling, pool size " + options.poolSize() + ", a fixed topology of the one"
                        + " server; one discarded " + GatewayOptions.WARM_UP_SECONDS + " s run of each script and"
                        + " protocol warms it up first. "
                : "";
        String quick = options.command().contains("--quick")
                ? "**A quick check (`--quick`: 8 clients only, short runs), not a measurement to quote.** "
                : "";
        return """
                ## Gateway: pgbench through the gateway, directly and through PgBouncer

                Command: `%s` (%s, %d cores). %sOne PostgreSQL 15 server with its default settings (but \
                `max_connections = %d`), pgbench's tables at scale %d, a login user with a SCRAM-SHA-256 password; \
                every target connects over TCP on 127.0.0.1, with SCRAM, both proxies to PostgreSQL too. %s%s\
                Each run: `pgbench -n -T %d -j 2 -c C -M P` (`-S` for select-only, pgbench's TPC-B-like script \
                otherwise); before each round `pgbench_history` is truncated and the branches and tellers vacuumed \
                directly, which is what pgbench does itself without `-n`. Each cell runs on every target one after \
                the other, the first target rotating from cell to cell, for %d round(s); the table holds medians. \
                TPS: pgbench's, without the initial connection time; latency: its average. CPU µs/tx: the proxy \
                process's user plus system time from `/proc/PID/stat` (all its threads) over the whole pgbench run, \
                connections and authentication included, divided by the transactions pgbench processed. Ratios are \
                ratios of medians. The proxies' output is kept in `bench-results/gateway-*.log`, every run in \
                `bench-results/gateway.json`.

                %s
                %s
                %s""".formatted(
                        options.command(),
                        Instant.now().toString().substring(0, 10),
                        Runtime.getRuntime().availableProcessors(),
                        quick,
                        maxConnections,
                        options.scale(),
                        gateway,
                        pgbouncer,
                        options.seconds(),
                        options.rounds(),
                        table,
                        goals,
                        failures.isEmpty() ? "" : "\nFailed runs:\n\n- " + String.join("\n- ", failures) + "\n");
    }

    private static TargetSummary find(List<TargetSummary> summaries, PgbenchCell cell, GatewayTarget target) {
        return summaries.stream()
                .filter(summary -> summary.cell().equals(cell) && summary.target() == target)
                .findFirst()
                .orElseThrow();
    }

    private static boolean bothMeasured(TargetSummary first, TargetSummary second) {
        return first.measured() && second.measured();
    }

    private static String row(List<String> columns) {
        return "| " + String.join(" | ", columns) + " |\n";
    }

    /** A median over rounds where some failed says so, since it stands on fewer runs. */
    private static String tps(TargetSummary summary) {
        String tps = String.format(Locale.ROOT, "%.0f", summary.tps());
        return summary.failures() == 0 ? tps : tps + " (" + summary.failures() + " of " + summary.runs() + " failed)";
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String milliseconds(double value) {
        return String.format(Locale.ROOT, "%.2f ms", value);
    }

    private static String microseconds(double value) {
        return Double.isNaN(value) ? NOT_MEASURED : String.format(Locale.ROOT, "%.1f", value);
    }
}
