package dev.marina.operator.controller;

import dev.marina.control.reconcile.ReconcileSettings;
import dev.marina.operator.agent.FakePodAgents;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.runtime.AgentAddresses;
import dev.marina.operator.store.KubernetesStore;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The members of one namespace's clusters for a tier-2 test of the operator: the testkit's {@link FakeEngine} as the
 * engine, {@link FakePodAgents} as the agents in the pods (answering only while their pod runs), and the operator's
 * {@link ControlSettings} pointing at both, with timings for a test.
 */
final class FakeMembers implements AutoCloseable {

    static final ReconcileSettings TIMINGS = new ReconcileSettings(
            Duration.ofMillis(200), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20));

    private final FakeEngine engine = new FakeEngine();
    private final FakePodAgents agents;
    private final String namespace;

    FakeMembers(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        this.agents =
                new FakePodAgents(client, namespace, new KubernetesStore(client, namespace, Clock.systemUTC()), engine);
        engine.answersOnlyWhen(agents::isRunning);
    }

    FakeEngine engine() {
        return engine;
    }

    FakePodAgents agents() {
        return agents;
    }

    ControlSettings settings() {
        AgentAddresses addresses = agents::address;
        return new ControlSettings(
                Map.of(FakeEngine.NAME, engine),
                requested -> {
                    if (!requested.equals(namespace)) {
                        throw new IllegalArgumentException("no fake agents in namespace " + requested);
                    }
                    return addresses;
                },
                Duration.ofSeconds(10),
                TIMINGS,
                Duration.ofSeconds(2),
                KubernetesSettings.DEFAULT);
    }

    @Override
    public void close() {
        agents.close();
    }
}
