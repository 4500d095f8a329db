package dev.marina.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the writers on one path to the cluster saw during one operation: directly to the members, or through the
 * cluster's gateway.
 *
 * @param path {@code direct} or {@code gateway}
 * @param pause the longest interval in the window without an acknowledged write on this path
 * @param pauseStartedAt when that pause started, by the wall clock, to compare with the steps' times
 * @param failedWrites failed write attempts in the window: the client errors an application would see
 * @param errors those errors, each once with its count, most frequent first
 * @param acknowledgedInWindow writes acknowledged in the window
 * @param acknowledged writes acknowledged while the writers ran, before, during and after the window
 * @param lost acknowledged writes the primary does not hold afterwards
 */
record ClientMeasurement(
        String path,
        OperationWindow.Pause pause,
        String pauseStartedAt,
        int failedWrites,
        Map<String, Long> errors,
        int acknowledgedInWindow,
        int acknowledged,
        int lost) {

    static final String DIRECT = "direct";
    static final String GATEWAY = "gateway";

    ClientMeasurement {
        // Ordered as given: most frequent first.
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
    }

    double pauseSeconds() {
        return pause.seconds();
    }

    Map<String, Object> asJson(OperationWindow window) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", path);
        json.put("longestPauseSeconds", pause.seconds());
        json.put("longestPauseStartedAt", pauseStartedAt);
        json.put("longestPauseStartSecondsIntoWindow", (pause.fromNanos() - window.fromNanos()) / 1e9);
        json.put("failedWrites", failedWrites);
        json.put("errors", errors);
        json.put("acknowledgedInWindow", acknowledgedInWindow);
        json.put("acknowledged", acknowledged);
        json.put("lost", lost);
        return json;
    }
}
