package dev.marina.bench;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one pgbench run reported, or why it failed, in short. A run that pgbench reports as aborted, or that exited
 * with an error, counts as failed even when it printed numbers: those cover only the clients that survived.
 *
 * @param tps transactions per second without the initial connection time, as pgbench computes it
 * @param latencyMilliseconds pgbench's average latency
 * @param transactions transactions actually processed, the divisor of the CPU per transaction
 * @param error pgbench's first error line, shortened
 */
record PgbenchResult(double tps, double latencyMilliseconds, long transactions, Optional<String> error) {

    private static final int ERROR_LENGTH = 200;
    private static final Pattern TPS = Pattern.compile("^tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("^latency average = ([0-9.]+) ms");
    private static final Pattern TRANSACTIONS = Pattern.compile("^number of transactions actually processed: ([0-9]+)");

    static PgbenchResult failed(String error) {
        return new PgbenchResult(Double.NaN, Double.NaN, 0, Optional.of(error));
    }

    /** Reads pgbench's output (stdout and stderr together) and exit code. */
    static PgbenchResult parse(int exitCode, String output) {
        List<String> lines = output.lines().map(String::strip).toList();
        Optional<String> tps = first(lines, TPS);
        Optional<String> latency = first(lines, LATENCY);
        Optional<String> transactions = first(lines, TRANSACTIONS);
        if (exitCode != 0 || tps.isEmpty() || latency.isEmpty() || transactions.isEmpty()) {
            return failed(firstError(lines, exitCode));
        }
        long processed = Long.parseLong(transactions.get());
        if (processed == 0) {
            return failed("pgbench processed no transaction");
        }
        return new PgbenchResult(
                Double.parseDouble(tps.get()), Double.parseDouble(latency.get()), processed, Optional.empty());
    }

    boolean succeeded() {
        return error.isEmpty();
    }

    private static Optional<String> first(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** The line that says what went wrong: pgbench's first error, else its last words. */
    private static String firstError(List<String> lines, int exitCode) {
        String line = lines.stream()
                .filter(candidate -> candidate.contains("error") || candidate.contains("FATAL"))
                .findFirst()
                .or(() ->
                        lines.stream().filter(candidate -> !candidate.isEmpty()).reduce((first, second) -> second))
                .orElse("no output");
        String error = "exit code " + exitCode + ": " + line.replaceAll("\\s+", " ");
        return error.length() <= ERROR_LENGTH ? error : error.substring(0, ERROR_LENGTH - 1) + "…";
    }
}
