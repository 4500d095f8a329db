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
 * @param clients what the writers on each path saw, direct first
 * @param redundancySeconds from the request until every member followed the primary with every write again
 * @param problems broken promises (a lost write, two primaries, an operation that failed, never ended or came with
 *     others), one sentence each
 */
record OperationMeasurement(
        String type,
        Optional<ClusterOperations.Operation> operation,
        List<ClusterOperations.Operation> started,
        OperationWindow window,
        List<ClientMeasurement> clients,
        Optional<Double> redundancySeconds,
        List<String> problems) {

    OperationMeasurement {
        started = List.copyOf(started);
        clients = List.copyOf(clients);
        problems = List.copyOf(problems);
    }

    /** The writers on one path; empty when this measurement had none there. */
    Optional<ClientMeasurement> client(String path) {
        return clients.stream().filter(client -> client.path().equals(path)).findFirst();
    }

    int lost() {
        return clients.stream().mapToInt(ClientMeasurement::lost).sum();
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

    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("name", name());
        json.put("phase", phase());
        json.put("durationSeconds", durationSeconds().orElse(null));
        json.put("windowSeconds", window.seconds());
        json.put(
                "clients", clients.stream().map(client -> client.asJson(window)).toList());
        json.put("redundancySeconds", redundancySeconds.orElse(null));
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
