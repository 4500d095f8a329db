package dev.marina.bench;

import dev.marina.control.reconcile.ReconcileSettings;
import dev.marina.operator.HealthServer;
import dev.marina.operator.MarinaOperator;
import dev.marina.operator.OperatorSettings;
import dev.marina.operator.agent.FakePodAgents;
import dev.marina.operator.controller.ClusterController;
import dev.marina.operator.controller.ControlSettings;
import dev.marina.operator.crd.ResourceSerialization;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.runtime.AgentAddresses;
import dev.marina.operator.store.KubernetesStore;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The operator of the operator benchmark, in a JVM of its own: the real {@link MarinaOperator} and {@link
 * ClusterController} with the control core behind it, as {@code OperatorMain} builds them, but with the testkit's fake
 * engine and the operator tests' fake pod agents (one loopback HTTP server per namespace, each member under its own
 * path) in place of PostgreSQL and the agents in real pods, which the mock API server cannot run. Every agent request
 * and engine probe still goes over HTTP and through the same code as in a cluster. The fakes live in this JVM, so the
 * heap the benchmark reports includes their state (a few kilobytes per member): an upper bound on the operator's own.
 */
public final class FakeMemberOperatorMain {

    private FakeMemberOperatorMain() {}

    public static void main(String[] args) throws Exception {
        OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
        Clock clock = Clock.systemUTC();
        KubernetesClient client = new KubernetesClientBuilder()
                .withKubernetesSerialization(ResourceSerialization.create())
                .build();
        FakeEngine engine = new FakeEngine();
        Map<String, FakePodAgents> agents = new ConcurrentHashMap<>();
        engine.answersOnlyWhen(member -> agents.values().stream().anyMatch(namespace -> namespace.isRunning(member)));
        ControlSettings control = new ControlSettings(
                Map.of(FakeEngine.NAME, engine),
                namespace -> {
                    FakePodAgents namespaceAgents = agents.computeIfAbsent(
                            namespace,
                            name -> new FakePodAgents(client, name, new KubernetesStore(client, name, clock), engine));
                    AgentAddresses addresses = namespaceAgents::address;
                    return addresses;
                },
                Duration.ofSeconds(60),
                ReconcileSettings.DEFAULT,
                ControlSettings.RESYNC,
                KubernetesSettings.DEFAULT);
        MarinaOperator operator = new MarinaOperator(
                client,
                settings.watchNamespaces(),
                Optional.empty(),
                new ClusterController(client, control, clock),
                // The mock API server answers server-side apply with 415.
                false);
        HealthServer health = HealthServer.start(settings.httpPort(), operator::isLive, operator::isReady);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                operator.close();
                            } finally {
                                health.close();
                                agents.values().forEach(FakePodAgents::close);
                                client.close();
                                stopped.countDown();
                            }
                        },
                        "operator-shutdown"));
        operator.start();
        stopped.await();
    }
}
