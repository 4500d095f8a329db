package dev.marina.bench;

import dev.marina.testkit.kubernetes.MockController;
import dev.marina.testkit.kubernetes.MockControllers;
import dev.marina.testkit.kubernetes.PodReadiness;
import dev.marina.testkit.kubernetes.VolumeBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The testkit's pod and volume controllers in loops of their own, at the testkit's period, for the operator benchmark.
 * Not {@link MockControllers} as a whole: its garbage collector reads every owner of every owned object at each pass
 * (some 20,000 reads per pass with 1,000 clusters), and the benchmark deletes nothing, so it would only load the mock
 * API server the operator is measured against.
 */
final class BenchMockControllers implements AutoCloseable {

    private final ScheduledExecutorService loops;
    private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();

    BenchMockControllers(KubernetesClient client) {
        List<MockController> controllers = List.of(new PodReadiness(client), new VolumeBinding(client));
        this.loops = Executors.newScheduledThreadPool(controllers.size(), runnable -> {
            Thread thread = new Thread(runnable, "bench-mock-controller");
            thread.setDaemon(true);
            return thread;
        });
        for (MockController controller : controllers) {
            loops.scheduleWithFixedDelay(
                    () -> pass(controller), 0, MockControllers.PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The last pass that failed, or null: shown when clusters never become ready. */
    RuntimeException lastFailure() {
        return lastFailure.get();
    }

    private void pass(MockController controller) {
        try {
            controller.pass();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the next pass sees the objects as they are then.
            lastFailure.set(e);
        }
    }

    @Override
    public void close() {
        loops.shutdownNow();
        try {
            loops.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
