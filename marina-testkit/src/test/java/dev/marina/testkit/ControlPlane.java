package dev.marina.testkit;

import dev.marina.api.ClusterStatus;
import dev.marina.api.EngineCatalog;
import dev.marina.api.http.ClusterEvent;
import dev.marina.api.validation.ClusterValidator;
import dev.marina.control.engine.Engine;
import dev.marina.control.event.EventRecorder;
import dev.marina.control.health.HealthMonitor;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.operation.OperationLedger;
import dev.marina.control.operation.OperationService;
import dev.marina.control.reconcile.ClusterReconciler;
import dev.marina.control.reconcile.ReconcileSettings;
import dev.marina.control.service.ClusterService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The real control core ({@link ClusterReconciler}, {@link ClusterService}) on the fakes, with a fixed clock. Passes
 * are run by the test, one at a time; nothing runs in the background.
 */
final class ControlPlane {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** Generous limits: a fake never comes near them, and a hang still ends the test. */
    static final ReconcileSettings SETTINGS = new ReconcileSettings(
            Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));

    final FakeEngine engine = new FakeEngine();
    final FakeRuntime runtime = FakeRuntime.connectedTo(engine);
    final InMemoryStore store = new InMemoryStore(CLOCK);
    final List<String> triggered = new CopyOnWriteArrayList<>();
    final HealthMonitor monitor = new HealthMonitor(runtime);
    final ClusterValidator validator = new ClusterValidator(EngineCatalog.of(List.of(engine.description())));
    final OperationLedger ledger = new OperationLedger(store);
    final OperationService operations = new OperationService(store, ledger, validator, CLOCK, triggered::add);
    final ClusterReconciler reconciler = new ClusterReconciler(
            this::engine,
            runtime,
            store,
            new EventRecorder(store),
            CLOCK,
            SETTINGS,
            monitor,
            ledger,
            operations::imply);
    final ClusterService service = new ClusterService(store, validator, this::engine, runtime, triggered::add);

    /** Another control plane's reconciler on the same store, fakes and ledger, with its own health monitor. */
    ClusterReconciler reconcilerWith(HealthMonitor otherMonitor) {
        return new ClusterReconciler(
                this::engine,
                runtime,
                store,
                new EventRecorder(store),
                CLOCK,
                SETTINGS,
                otherMonitor,
                ledger,
                operations::imply);
    }

    /** Another control plane's reconciler on the same store, fakes and ledger, whose clock says {@code clock}. */
    ClusterReconciler reconcilerAt(Clock clock) {
        return new ClusterReconciler(
                this::engine,
                runtime,
                store,
                new EventRecorder(store),
                clock,
                SETTINGS,
                new HealthMonitor(runtime),
                ledger,
                operations::imply);
    }

    private Engine engine(String name) {
        if (!FakeEngine.NAME.equals(name)) {
            throw new IllegalArgumentException("no engine named " + name);
        }
        return engine;
    }

    /** A cluster of the fake engine as a user writes it. */
    static String yaml(
            String name, int replicas, boolean synchronous, Map<String, String> config, String... availability) {
        StringBuilder text = new StringBuilder();
        text.append("apiVersion: marina.dev/v1alpha1\n");
        text.append("kind: DatabaseCluster\n");
        text.append("metadata:\n  name: ").append(name).append('\n');
        text.append("spec:\n  engine: fake\n  components:\n    db:\n      replicas: ")
                .append(replicas)
                .append('\n');
        if (!config.isEmpty()) {
            text.append("      config:\n");
            config.forEach((key, value) -> text.append("        ")
                    .append(key)
                    .append(": \"")
                    .append(value)
                    .append("\"\n"));
        }
        text.append("  availability:\n    synchronous: ").append(synchronous).append('\n');
        for (String line : availability) {
            text.append("    ").append(line).append('\n');
        }
        return text.toString();
    }

    void apply(String yaml) {
        service.apply(yaml, false);
    }

    /** Runs passes until the cluster is Ready; fails the test when it is not after {@code passes}. */
    ClusterStatus reconcileUntilReady(String name, int passes) {
        for (int pass = 1; pass <= passes; pass++) {
            reconciler.reconcile(name);
            ClusterStatus status = status(name);
            if (status != null && status.isReady()) {
                return status;
            }
        }
        throw new AssertionError("cluster " + name + " is not Ready after " + passes + " passes: " + status(name)
                + "\nevents: " + events(name));
    }

    ClusterStatus status(String name) {
        return store.find(name).orElseThrow().resource().status();
    }

    List<ClusterEvent> events(String name) {
        return store.events(name, 1000);
    }

    List<String> reasons(String name) {
        return events(name).stream().map(ClusterEvent::reason).toList();
    }

    /** The events of one reason, oldest first. */
    List<ClusterEvent> events(String name, String reason) {
        return events(name).stream()
                .filter(event -> event.reason().equals(reason))
                .toList();
    }

    List<String> memberNames(String name) {
        return store.members(name).stream()
                .sorted((left, right) -> left.identity().compareTo(right.identity()))
                .map(MemberRecord::name)
                .toList();
    }
}
