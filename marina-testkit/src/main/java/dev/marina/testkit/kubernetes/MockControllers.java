package dev.marina.testkit.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the mock controllers over one mock API server, each in a loop of its own every {@link #PERIOD}: pods become
 * Ready, claims Bound, and objects whose owner is gone are deleted. Polling keeps them small and independent of watch
 * support; the mock server answers a list in well under a millisecond. A pass that fails is logged and tried again at
 * the next tick, and the last failure is kept for a test to show ({@link #lastFailure}).
 */
public final class MockControllers implements AutoCloseable {

    public static final Duration PERIOD = Duration.ofMillis(50);

    private static final Logger LOG = LoggerFactory.getLogger(MockControllers.class);

    private final PodReadiness pods;
    private final ScheduledExecutorService loops;
    private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();

    private MockControllers(KubernetesClient client) {
        this.pods = new PodReadiness(client);
        List<MockController> controllers = List.of(pods, new VolumeBinding(client), new GarbageCollection(client));
        this.loops = Executors.newScheduledThreadPool(controllers.size(), runnable -> {
            Thread thread = new Thread(runnable, "mock-kubernetes-controller");
            thread.setDaemon(true);
            return thread;
        });
        for (MockController controller : controllers) {
            loops.scheduleWithFixedDelay(() -> passLogged(controller), 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Starts every mock controller against the API server {@code client} talks to; the client stays the caller's. */
    public static MockControllers start(KubernetesClient client) {
        return new MockControllers(requireNonNull(client, "client is null"));
    }

    /** The pod controller, to hold pods back from becoming ready. */
    public PodReadiness pods() {
        return pods;
    }

    public RuntimeException lastFailure() {
        return lastFailure.get();
    }

    private void passLogged(MockController controller) {
        try {
            controller.pass();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; a mock controller must keep going, as a real one does.
            lastFailure.set(e);
            LOG.warn(
                    "mock controller {} failed a pass: {}",
                    controller.getClass().getSimpleName(),
                    e.toString());
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
