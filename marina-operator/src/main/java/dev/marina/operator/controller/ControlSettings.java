package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.Engine;
import dev.marina.control.reconcile.ReconcileSettings;
import dev.marina.operator.render.KubernetesEngines;
import dev.marina.operator.render.KubernetesSettings;
import dev.marina.operator.runtime.AgentAddresses;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the operator's control core runs with: the engines, where each namespace's pod agents answer, how long a new
 * pod may take to run its agent, the control core's timings and how objects are rendered. {@link #inCluster} is the
 * operator as deployed; the tier-2 tests give a fake engine and fake agents.
 *
 * @param engines every engine by name
 * @param agentAddresses where the agents of a namespace's pods answer
 * @param podTimeout how long a new pod may take until its agent answers (scheduling, pulling the image, attaching the
 *     volume)
 * @param reconcile the control core's timings; its interval is how soon a cluster that is changing is looked at again
 * @param resync how soon a settled cluster is looked at again: the health monitor probes its members in between and
 *     starts a pass at once when one fails, so this only refreshes what is slow to change (lag, certificates)
 */
public record ControlSettings(
        Map<String, Engine> engines,
        Function<String, AgentAddresses> agentAddresses,
        Duration podTimeout,
        ReconcileSettings reconcile,
        Duration resync,
        KubernetesSettings kubernetes) {

    public static final Duration RESYNC = Duration.ofSeconds(10);

    /** Five minutes: a large image on a new node, or a volume attached across zones, takes minutes. */
    public static final Duration POD_TIMEOUT = Duration.ofMinutes(5);

    public ControlSettings {
        engines = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(engines, "engines is null")));
        requireNonNull(agentAddresses, "agentAddresses is null");
        requireNonNull(podTimeout, "podTimeout is null");
        requireNonNull(reconcile, "reconcile is null");
        requireNonNull(resync, "resync is null");
        requireNonNull(kubernetes, "kubernetes is null");
    }

    /** The operator in a cluster: the image's engines, agents at their pods' DNS names. */
    public static ControlSettings inCluster(KubernetesSettings kubernetes) {
        return new ControlSettings(
                KubernetesEngines.all(),
                AgentAddresses::dns,
                POD_TIMEOUT,
                ReconcileSettings.DEFAULT,
                RESYNC,
                kubernetes);
    }
}
