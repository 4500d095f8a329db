package dev.marina.control.reconcile;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named points where a test can make the control plane die on the spot, as a crash would: {@code
 * MARINA_FAILPOINTS=after-fence} halts the process right after it fenced a failed primary. The chaos tests use them to
 * prove that a restarted control plane finishes or undoes what a dead one began. Unset, they cost one set lookup.
 */
final class Failpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);
    private static final Set<String> ARMED = Arrays.stream(
                    System.getenv().getOrDefault("MARINA_FAILPOINTS", "").split(","))
            .map(String::strip)
            .filter(name -> !name.isEmpty())
            .collect(Collectors.toUnmodifiableSet());

    private Failpoints() {}

    static void hit(String name) {
        if (ARMED.contains(name)) {
            LOG.warn("failpoint {} reached: halting the control plane as a crash would", name);
            Runtime.getRuntime().halt(86);
        }
    }
}
