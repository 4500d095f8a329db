package dev.marina.operator;

import static java.util.Objects.requireNonNull;

import dev.marina.operator.controller.ClusterController;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java Operator SDK's {@link Operator} with Marina's controllers registered, and what the health endpoints ask of
 * it. Built by {@link OperatorMain} and by the tier-2 and tier-3 tests alike, so the tests run the operator as it is deployed.
 *
 * <p>With leader election, every replica starts, but only the one holding the Lease runs the controllers; the others
 * wait, and are healthy and ready while they do (a follower that failed its readiness probe would be restarted for
 * doing its job). A leader that loses the Lease stops the process ({@link LeaderElection#exitOnStopLeading}): its
 * informers and threads may still act, and Kubernetes starts a fresh follower in its place.
 *
 * <p>The client is the caller's: stopping the operator leaves it open.
 */
public final class MarinaOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarinaOperator.class);

    /** The finalizer the operator holds on every DatabaseCluster, so that a delete waits for its release step. */
    public static final String FINALIZER = "marina.dev/finalizer";

    /** How many clusters are reconciled at once. */
    static final int CONCURRENT_PASSES = 100;

    private final Operator operator;
    private final ClusterController controller;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean leading = new AtomicBoolean();
    private final boolean electing;

    /**
     * An operator that adds its finalizer by server-side apply, as on every real API server.
     *
     * @param watchNamespaces the namespaces to manage; empty: every namespace
     * @param leaderElection the Lease to compete for; empty: this operator reconciles alone, at once
     */
    public MarinaOperator(
            KubernetesClient client,
            Set<String> watchNamespaces,
            Optional<LeaderElection> leaderElection,
            ClusterController controller) {
        this(client, watchNamespaces, leaderElection, controller, true);
    }

    /**
     * @param watchNamespaces the namespaces to manage; empty: every namespace
     * @param leaderElection the Lease to compete for; empty: this operator reconciles alone, at once
     * @param serverSideApply whether the SDK adds the finalizer to a DatabaseCluster by server-side apply (its default)
     *     or by JSON patch: false only for the fabric8 mock API server of the tier-2 tests, which does not implement
     *     server-side apply
     */
    public MarinaOperator(
            KubernetesClient client,
            Set<String> watchNamespaces,
            Optional<LeaderElection> leaderElection,
            ClusterController controller,
            boolean serverSideApply) {
        requireNonNull(client, "client is null");
        Set<String> namespaces = Set.copyOf(requireNonNull(watchNamespaces, "watchNamespaces is null"));
        requireNonNull(leaderElection, "leaderElection is null");
        this.controller = requireNonNull(controller, "controller is null");
        this.electing = leaderElection.isPresent();
        this.operator = new Operator(overrider -> {
            overrider
                    .withKubernetesClient(client)
                    // The client belongs to whoever built it (main closes it last; tests share one per server).
                    .withCloseClientOnStop(false)
                    // The SDK writes nothing of a DatabaseCluster but its finalizer: the reconciler returns no update,
                    // and status goes through the store, by update with a resourceVersion. So this switch only says
                    // how the finalizer is added (removing it is a JSON patch either way).
                    .withUseSSAToPatchPrimaryResource(serverSideApply)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
                    .withExecutorService(passes());
            leaderElection.ifPresent(election ->
                    overrider.withLeaderElectionConfiguration(election.configuration(new LeaderCallbacks(
                            () -> {
                                leading.set(true);
                                LOG.info("leading: this replica ({}) reconciles", election.identity());
                            },
                            () -> leading.set(false),
                            leader -> LOG.info("the leader is {}", leader)))));
        });
        operator.register(controller, configuration -> {
            configuration.withFinalizer(FINALIZER);
            if (namespaces.isEmpty()) {
                configuration.watchingAllNamespaces();
            } else {
                configuration.settingNamespaces(namespaces);
            }
        });
        LOG.info(
                "watching DatabaseClusters in {}",
                namespaces.isEmpty() ? "every namespace" : String.join(", ", new TreeSet<>(namespaces)));
    }

    /**
     * Where passes run: at most {@value #CONCURRENT_PASSES} at once, each on a virtual thread. A pass of the control core
     * mostly waits (on pods, agents, probes), which would hold the SDK's 50 platform threads long enough to hold a
     * thousand new clusters back fifty at a time; unbounded, a thousand passes at once flood the API server (the
     * benchmark's mock server took minutes to answer a create). Others wait in the queue, in order.
     */
    private static ExecutorService passes() {
        ThreadFactory virtual = Thread.ofVirtual().name("cluster-pass-", 0).factory();
        return new ThreadPoolExecutor(
                CONCURRENT_PASSES, CONCURRENT_PASSES, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), virtual);
    }

    /**
     * Starts the controllers, or, with leader election, the competition for the Lease (the controllers start when it
     * is won). Without leader election, returns once the informers have their first lists.
     */
    public void start() {
        operator.start();
        started.set(true);
    }

    /** Live: the process answers; the SDK has not been stopped. */
    public boolean isLive() {
        return !started.get() || operator.getRuntimeInfo().isStarted();
    }

    /** Ready: started, and, when leading (or alone), every informer is healthy; a waiting follower is ready. */
    public boolean isReady() {
        if (!started.get() || !operator.getRuntimeInfo().isStarted()) {
            return false;
        }
        if (electing && !leading.get()) {
            return true;
        }
        return operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    public boolean isLeading() {
        return !electing || leading.get();
    }

    @Override
    public void close() {
        if (started.compareAndSet(true, false)) {
            operator.stop();
        }
        controller.close();
    }

    /**
     * The Lease to compete for.
     *
     * @param exitOnStopLeading whether losing the Lease ends the process: true in a pod; false in a test, where several
     *     operators share one JVM
     */
    public record LeaderElection(
            String leaseName,
            String leaseNamespace,
            String identity,
            Duration leaseDuration,
            Duration renewDeadline,
            Duration retryPeriod,
            boolean exitOnStopLeading) {

        public LeaderElection {
            requireNonNull(leaseName, "leaseName is null");
            requireNonNull(leaseNamespace, "leaseNamespace is null");
            requireNonNull(identity, "identity is null");
            requireNonNull(leaseDuration, "leaseDuration is null");
            requireNonNull(renewDeadline, "renewDeadline is null");
            requireNonNull(retryPeriod, "retryPeriod is null");
        }

        /** The SDK's defaults (15 s lease, 10 s renew deadline, 2 s retry), exiting when the Lease is lost. */
        public static LeaderElection inPod(String leaseName, String leaseNamespace, String identity) {
            return new LeaderElection(
                    leaseName,
                    leaseNamespace,
                    identity,
                    LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                    LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                    true);
        }

        LeaderElectionConfiguration configuration(LeaderCallbacks callbacks) {
            return new LeaderElectionConfiguration(
                    leaseName,
                    leaseNamespace,
                    leaseDuration,
                    renewDeadline,
                    retryPeriod,
                    identity,
                    callbacks,
                    exitOnStopLeading);
        }
    }
}
