package dev.marina.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one operation under load measured.
 *
 * @param type the type of operation asked for: {@code switchover} or {@code rolling-update}
 * @param operation the operation of that type the request started, as it ended; empty when none appeared
 * @param started every operation the request started, that one included, as last seen
 * @param window from the request until the benchmark saw every started operation finished
 * @param pause the longest interval in the window without an acknowledged write
 * @param pauseStartedAt when that pause started, by the wall clock, to compare with the steps' times
 * @param failedWrites failed write attempts in the window
 * @param acknowledgedInWindow writes acknowledged in the window
 * @param redundancySeconds from the request until every member followed the primary with every write again
 * @param acknowledged writes acknowledged while the writers ran, before, during and after the window
 * @param lost acknowledged writes the primary does not hold afterwards
 * @param problems broken promises (a lost write, two primaries, an operation that failed, never ended or came with
 *     others), one sentence each
 */
record OperationMeasurement(
        String type,
        Optional<ClusterOperations.Operation> operation,
        List<ClusterOperations.Operation> started,
        OperationWindow window,
        OperationWindow.Pause pause,
        String pauseStartedAt,
        int failedWrites,
        int acknowledgedInWindow,
        Optional<Double> redundancySeconds,
        int acknowledged,
        int lost,
        List<String> problems) {

    OperationMeasurement {
        started = List.copyOf(started);
        problems = List.copyOf(problems);
    }

    String name() {
        return operation.map(ClusterOperations.Operation::name).orElse("(no " + type + ")");
    }

    String phase() {
        return operation.map(ClusterOperations.Operation::phase).orElse("never started");
    }

    boolean succeeded() {
        return !started.isEmpty()
                && started.stream().allMatch(each -> each.phase().equals("Succeeded"));
    }

    /** The duration of the operation asked for, by the control plane's clock; empty when it did not finish. */
    Optional<Double> durationSeconds() {
        return operation.flatMap(ClusterOperations.Operation::durationSeconds);
    }

    double pauseSeconds() {
        return pause.seconds();
    }

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("name", name());
        json.put("phase", phase());
        json.put("durationSeconds", durationSeconds().orElse(null));
        json.put("windowSeconds", window.seconds());
        json.put("longestPauseSeconds", pause.seconds());
        json.put("longestPauseStartedAt", pauseStartedAt);
        json.put("longestPauseStartSecondsIntoWindow", (pause.fromNanos() - window.fromNanos()) / 1e9);
        json.put("failedWrites", failedWrites);
        json.put("acknowledgedInWindow", acknowledgedInWindow);
        json.put("redundancySeconds", redundancySeconds.orElse(null));
        json.put("acknowledged", acknowledged);
        json.put("lost", lost);
        json.put(
                "operations",
                started.stream().map(OperationMeasurement::operationJson).toList());
        json.put("problems", problems);
        return json;
    }

    private static Map<String, Object> operationJson(ClusterOperations.Operation operation) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", operation.name());
        json.put("type", operation.type());
        json.put("phase", operation.phase());
        json.put("message", operation.message());
        json.put("durationSeconds", operation.durationSeconds().orElse(null));
        json.put("steps", operation.steps());
        return json;
    }
}
