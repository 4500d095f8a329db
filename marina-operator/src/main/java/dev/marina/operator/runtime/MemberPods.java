package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.control.Poll;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.operator.render.MemberObjects;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.render.ObjectNames;
import dev.marina.operator.render.RevisionHash;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's objects on the API server, in one namespace: created when missing, its files rewritten, its pod deleted.
 * Every call is idempotent, as the runtime's methods must be. Nothing here replaces a pod whose spec changed: that is a
 * rolling update's job.
 */
final class MemberPods {

    private static final Logger LOG = LoggerFactory.getLogger(MemberPods.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final String RUNNING = "Running";

    private final KubernetesClient client;
    private final String namespace;
    private final PodCache cache;
    private final MemberFiles files;

    MemberPods(KubernetesClient client, String namespace, PodCache cache, MemberFiles files) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.files = requireNonNull(files, "files is null");
    }

    /** The member's pod as the informer last saw it. */
    Optional<Pod> pod(MemberIdentity member) {
        return cache.pod(member.name());
    }

    /** The member's pod as the API server has it now: for fencing, which must not miss a pod just created. */
    Optional<Pod> podNow(MemberIdentity member) {
        return Optional.ofNullable(
                client.pods().inNamespace(namespace).withName(member.name()).get());
    }

    boolean claimExists(MemberIdentity member) {
        return cache.claimExists(ObjectNames.memberVolume(member));
    }

    /**
     * Whether the informers know every object of the member to exist, so that {@link #ensure} without {@code
     * startingAnew} would change nothing: its files, its volume claim when it holds data, and a pod that is not being
     * deleted (for which {@link #ensure} fails).
     */
    boolean hasAllObjects(MemberIdentity member, boolean holdsData) {
        Optional<Pod> pod = pod(member);
        return pod.isPresent()
                && pod.get().getMetadata().getDeletionTimestamp() == null
                && (!holdsData || claimExists(member))
                && files.exist(member);
    }

    /** Whether the pod runs its container: scheduled, started, and not being deleted. */
    static boolean isRunning(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null
                && pod.getStatus() != null
                && RUNNING.equals(pod.getStatus().getPhase());
    }

    static String phase(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "being deleted";
        }
        return pod.getStatus() == null || pod.getStatus().getPhase() == null
                ? "Pending"
                : pod.getStatus().getPhase();
    }

    /**
     * Creates whichever of the member's objects is missing; with {@code startingAnew}, also rewrites its ConfigMap and
     * Secret when their data differs and replaces a pod of another revision (a start with a new plan: the engine does
     * not run, so deleting its pod loses nothing), else leaves existing ones alone (a pod created only so that its agent
     * can answer must not overwrite the files of the plan the core last gave).
     *
     * @return whether a pod was created
     */
    boolean ensure(MemberIdentity member, MemberObjects objects, boolean startingAnew, Duration timeout) {
        if (startingAnew) {
            files.write(objects);
        } else {
            files.createIfMissing(objects);
        }
        objects.claim().ifPresent(this::createIfMissing);
        Pod pod = objects.pod();
        Optional<Pod> existing = pod(member);
        if (startingAnew
                && existing.isPresent()
                && existing.get().getMetadata().getDeletionTimestamp() == null
                && !revision(existing.get()).equals(revision(pod))) {
            LOG.info(
                    "namespace={} member={} replacing its pod: revision {} is now {}",
                    namespace,
                    member.name(),
                    revision(existing.get()),
                    revision(pod));
            client.pods().inNamespace(namespace).withName(member.name()).delete();
            if (!awaitGone(member, timeout)) {
                throw new RuntimeFailure("pod " + member.name() + " of revision " + revision(existing.get())
                        + " is still there " + timeout.toSeconds() + " s after it was deleted");
            }
            existing = Optional.empty();
        }
        if (existing.isPresent() && existing.get().getMetadata().getDeletionTimestamp() != null) {
            throw new RuntimeFailure("pod " + pod.getMetadata().getName()
                    + " is still being deleted; it is created again once it is gone");
        }
        if (existing.isEmpty()) {
            createIfMissing(pod);
            LOG.info(
                    "namespace={} member={} created its pod",
                    namespace,
                    pod.getMetadata().getName());
            return true;
        }
        return false;
    }

    /** The revision a pod was rendered with ({@link RevisionHash}); empty when it carries none. */
    static String revision(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(RevisionHash.ANNOTATION, "");
    }

    /** Rewrites the member's ConfigMap and Secret to {@code objects}' data, creating them when missing. */
    void writeFiles(MemberObjects objects) {
        files.write(objects);
    }

    /** Waits until the member's pod runs its container; throws when it does not within {@code timeout}. */
    Pod awaitRunning(MemberIdentity member, Duration timeout) {
        boolean running =
                Poll.until(() -> pod(member).map(MemberPods::isRunning).orElse(false), timeout, POLL);
        Optional<Pod> pod = pod(member);
        if (!running || pod.isEmpty() || !isRunning(pod.get())) {
            throw new RuntimeFailure("pod " + member.name() + " is not running after " + timeout.toSeconds() + " s ("
                    + pod.map(MemberPods::phase).orElse("gone") + ")");
        }
        return pod.get();
    }

    /** Deletes the pod at once (grace period 0): the API server forgets it without waiting for its kubelet. */
    void deleteNow(MemberIdentity member) {
        client.pods()
                .inNamespace(namespace)
                .withName(member.name())
                .withGracePeriod(0)
                .delete();
    }

    /** Deletes everything the member has: pod, volume claim, ConfigMap, Secret. */
    void deleteMember(MemberIdentity member) {
        client.pods().inNamespace(namespace).withName(member.name()).delete();
        client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withName(ObjectNames.memberVolume(member))
                .delete();
        files.delete(member);
    }

    /** Deletes every member object of {@code cluster} that is left (the objects of the cluster itself are owned). */
    void deleteCluster(String cluster) {
        client.pods()
                .inNamespace(namespace)
                .withLabel(ObjectLabels.CLUSTER, cluster)
                .withLabel(ObjectLabels.MEMBER)
                .delete();
        client.persistentVolumeClaims()
                .inNamespace(namespace)
                .withLabel(ObjectLabels.CLUSTER, cluster)
                .withLabel(ObjectLabels.MEMBER)
                .delete();
        files.deleteCluster(cluster);
    }

    boolean awaitGone(MemberIdentity member, Duration timeout) {
        return Poll.until(() -> pod(member).isEmpty(), timeout, POLL);
    }

    private void createIfMissing(io.fabric8.kubernetes.api.model.HasMetadata object) {
        if (object instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim
                && cache.claimExists(object.getMetadata().getName())) {
            return;
        }
        try {
            client.resource(object).create();
        } catch (KubernetesClientException e) {
            // Created meanwhile by another pass: what it created is what this one would have.
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }
}
