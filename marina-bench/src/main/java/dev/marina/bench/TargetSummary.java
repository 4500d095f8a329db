package dev.marina.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One target's numbers in one cell over all rounds: medians of the runs that succeeded, and how many failed.
 *
 * @param firstError the first failed run's error, for the list under the table
 */
record TargetSummary(
        GatewayTarget target,
        PgbenchCell cell,
        double tps,
        double latencyMilliseconds,
        double cpuMicrosecondsPerTransaction,
        int runs,
        int failures,
        Optional<String> firstError) {

    static TargetSummary of(GatewayTarget target, PgbenchCell cell, List<GatewayMeasurement> measurements) {
        List<GatewayMeasurement> mine = measurements.stream()
                .filter(measurement ->
                        measurement.target() == target && measurement.cell().equals(cell))
                .toList();
        List<PgbenchResult> succeeded = mine.stream()
                .map(GatewayMeasurement::result)
                .filter(PgbenchResult::succeeded)
                .toList();
        List<Double> cpu = mine.stream()
                .filter(measurement ->
                        measurement.cpuMicrosecondsPerTransaction().isPresent())
                .map(measurement -> measurement.cpuMicrosecondsPerTransaction().getAsDouble())
                .toList();
        return new TargetSummary(
                target,
                cell,
                Statistics.median(succeeded.stream().map(PgbenchResult::tps).toList()),
                Statistics.median(succeeded.stream()
                        .map(PgbenchResult::latencyMilliseconds)
                        .toList()),
                Statistics.median(cpu),
                mine.size(),
                mine.size() - succeeded.size(),
                mine.stream()
                        .flatMap(measurement -> measurement.result().error().stream())
                        .findFirst());
    }

    /** Whether at least one run succeeded, so that there are numbers to show. */
    boolean measured() {
        return runs > failures;
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("script", cell.script());
        json.put("clients", cell.clients());
        json.put("protocol", cell.protocol());
        json.put("target", target.option());
        json.put("medianTps", measured() ? tps : null);
        json.put("medianLatencyMilliseconds", measured() ? latencyMilliseconds : null);
        json.put(
                "medianCpuMicrosecondsPerTransaction",
                Double.isNaN(cpuMicrosecondsPerTransaction) ? null : cpuMicrosecondsPerTransaction);
        json.put("runs", runs);
        json.put("failures", failures);
        json.put("firstError", firstError.orElse(null));
        return json;
    }
}
