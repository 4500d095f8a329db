package dev.marina.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One pgbench run of the gateway benchmark: a cell on a target in a round.
 *
 * @param cpuMicrosecondsPerTransaction the proxy's user plus system CPU time over the run, divided by the
 *     transactions pgbench processed; empty for the direct target and for failed runs
 */
record GatewayMeasurement(
        int round,
        PgbenchCell cell,
        GatewayTarget target,
        PgbenchResult result,
        OptionalDouble cpuMicrosecondsPerTransaction) {

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("round", round);
        json.put("script", cell.script());
        json.put("clients", cell.clients());
        json.put("protocol", cell.protocol());
        json.put("target", target.option());
        json.put("tps", result.succeeded() ? result.tps() : null);
        json.put("latencyMilliseconds", result.succeeded() ? result.latencyMilliseconds() : null);
        json.put("transactions", result.transactions());
        json.put(
                "cpuMicrosecondsPerTransaction",
                cpuMicrosecondsPerTransaction.isPresent() ? cpuMicrosecondsPerTransaction.getAsDouble() : null);
        json.put("error", result.error().orElse(null));
        return json;
    }
}
