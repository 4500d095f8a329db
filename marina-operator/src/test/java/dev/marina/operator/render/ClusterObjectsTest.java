package dev.marina.operator.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.ObjectMeta;
import dev.marina.api.ResourcesSpec;
import dev.marina.control.member.MemberIdentity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the golden files cannot say on their own: what changes a pod's revision, and what must never change it. */
class ClusterObjectsTest {

    private static final String NAMESPACE = TestClusters.NAMESPACE;

    @Test
    void rendersEveryKindOnceForEachMemberAndComponent() {
        List<HasMetadata> objects = render(TestClusters.withGateway(), KubernetesSettings.DEFAULT);
        Map<String, Long> kinds =
                objects.stream().collect(Collectors.groupingBy(HasMetadata::getKind, Collectors.counting()));
        // 5 members; the 2 gateways hold no data, so no volume.
        assertThat(kinds)
                .containsEntry("Pod", 5L)
                .containsEntry("ConfigMap", 5L)
                .containsEntry("PersistentVolumeClaim", 3L)
                .containsEntry("PodDisruptionBudget", 2L)
                .containsEntry("Service", 4L)
                // 3 for the cluster (credentials, TLS, application) and one per member.
                .containsEntry("Secret", 8L)
                .doesNotContainKey("StatefulSet")
                .doesNotContainKey("ServiceMonitor");
        assertThat(objects.stream().map(object -> object.getMetadata().getNamespace()))
                .containsOnly(NAMESPACE);
    }

    @Test
    void theSharedObjectsAreEveryObjectButTheMembersOwnInTheSameOrder() {
        KubernetesSettings settings = KubernetesSettings.DEFAULT.withServiceMonitor(true);
        List<HasMetadata> shared = ClusterObjects.renderShared(
                TestClusters.withGateway(), NAMESPACE, TestClusters.ENGINE, TestClusters.credentials(), settings);
        List<String> everyObjectButTheMembers = render(TestClusters.withGateway(), settings).stream()
                .filter(object -> !object.getMetadata().getLabels().containsKey(ObjectLabels.MEMBER))
                .map(object -> object.getKind() + " " + object.getMetadata().getName())
                .toList();

        assertThat(shared)
                .extracting(
                        object -> object.getKind() + " " + object.getMetadata().getName())
                .containsExactlyElementsOf(everyObjectButTheMembers)
                .contains("ServiceMonitor payments", "Service payments-rw")
                .doesNotContain("Pod payments-postgres-0");
    }

    @Test
    void serviceMonitorOnlyWhenAsked() {
        assertThat(render(TestClusters.threeMembers(), KubernetesSettings.DEFAULT.withServiceMonitor(true)))
                .extracting(HasMetadata::getKind)
                .contains(ServiceMonitorRenderer.KIND);
    }

    @Test
    void aNewPrimaryChangesFilesButNoPod() {
        DatabaseCluster cluster = TestClusters.threeMembers();
        List<MemberIdentity> members = List.of(
                new MemberIdentity("orders", "postgres", 0),
                new MemberIdentity("orders", "postgres", 1),
                new MemberIdentity("orders", "postgres", 2));
        List<HasMetadata> before = render(
                cluster,
                new MemberRoster(
                        members, Optional.of("orders-postgres-0"), List.of("orders-postgres-1", "orders-postgres-2")));
        List<HasMetadata> after = render(
                cluster,
                new MemberRoster(
                        members, Optional.of("orders-postgres-1"), List.of("orders-postgres-0", "orders-postgres-2")));

        assertThat(pods(after)).isEqualTo(pods(before));
        assertThat(revisions(after)).isEqualTo(revisions(before));
        // The files did change: the old primary became a standby, the new one lost its standby marker.
        assertThat(configMaps(after).get("orders-postgres-0-config").getData().get(MemberPlanFiles.MANIFEST))
                .contains("config standby.signal /var/lib/marina/data/standby.signal");
        assertThat(configMaps(after).get("orders-postgres-1-config").getData().get(MemberPlanFiles.MANIFEST))
                .contains("absent /var/lib/marina/data/standby.signal");
        assertThat(configMaps(after)).isNotEqualTo(configMaps(before));
    }

    @Test
    void unknownPrimaryNeitherWritesNorRemovesTheStandbyMarker() {
        DatabaseCluster cluster = TestClusters.threeMembers();
        List<MemberIdentity> members = List.of(new MemberIdentity("orders", "postgres", 0));
        List<HasMetadata> objects = render(cluster, new MemberRoster(members, Optional.empty(), List.of()));
        assertThat(configMaps(objects).get("orders-postgres-0-config").getData().get(MemberPlanFiles.MANIFEST))
                .doesNotContain("standby.signal");
    }

    @Test
    void aChangedResourceChangesTheRevisionOfThatComponentOnly() {
        DatabaseCluster cluster = TestClusters.withGateway();
        Map<String, ComponentSpec> components =
                new LinkedHashMap<>(cluster.spec().components());
        ComponentSpec gateway = components.get("gateway");
        components.put(
                "gateway",
                new ComponentSpec(
                        gateway.replicas(),
                        gateway.config(),
                        new ResourcesSpec(Map.of("cpu", "500m", "memory", "256Mi"), Map.of("memory", "384Mi")),
                        gateway.storage()));
        DatabaseCluster changed = TestClusters.validated("payments", components);

        Map<String, String> before = revisions(render(cluster, KubernetesSettings.DEFAULT));
        Map<String, String> after = revisions(render(changed, KubernetesSettings.DEFAULT));

        assertThat(after.get("payments-gateway-0")).isNotEqualTo(before.get("payments-gateway-0"));
        assertThat(after.get("payments-postgres-0")).isEqualTo(before.get("payments-postgres-0"));
    }

    @Test
    void aNewImageChangesEveryRevision() {
        Map<String, String> before = revisions(render(TestClusters.threeMembers(), KubernetesSettings.DEFAULT));
        Map<String, String> after = revisions(render(
                TestClusters.threeMembers(),
                KubernetesSettings.DEFAULT.withImageTemplate("registry.example.com/marina-{engine}:{version}-1")));
        before.forEach((member, revision) -> assertThat(after.get(member)).isNotEqualTo(revision));
    }

    @Test
    void pullSecretsGoOnEveryPodAndMoveTheRenderingRevisionButNotTheSpecRevision() {
        Map<String, Pod> before = pods(render(TestClusters.withGateway(), KubernetesSettings.DEFAULT));
        Map<String, Pod> after = pods(render(
                TestClusters.withGateway(),
                KubernetesSettings.DEFAULT.withImagePullSecrets(List.of("registry-team", "registry-backup"))));

        before.values()
                .forEach(pod -> assertThat(pod.getSpec().getImagePullSecrets())
                        .as("no field at all without pull secrets")
                        .isNullOrEmpty());
        after.forEach((name, pod) -> {
            assertThat(pod.getSpec().getImagePullSecrets())
                    .extracting(LocalObjectReference::getName)
                    .containsExactly("registry-team", "registry-backup");
            Map<String, String> annotations = pod.getMetadata().getAnnotations();
            Map<String, String> earlier = before.get(name).getMetadata().getAnnotations();
            assertThat(annotations.get(RevisionHash.ANNOTATION)).isNotEqualTo(earlier.get(RevisionHash.ANNOTATION));
            assertThat(annotations.get(RevisionHash.SPEC_ANNOTATION))
                    .as("a pull secret is no reason to replace a running member")
                    .isEqualTo(earlier.get(RevisionHash.SPEC_ANNOTATION));
        });
    }

    @Test
    void revisionIsTheHashOfThePodSpecAsRendered() {
        for (Pod pod : pods(render(TestClusters.threeMembers(), KubernetesSettings.DEFAULT))
                .values()) {
            assertThat(pod.getMetadata().getAnnotations())
                    .containsEntry(RevisionHash.ANNOTATION, RevisionHash.of(pod.getSpec()));
        }
    }

    @Test
    void volumesOutliveTheClusterAndEverythingElseIsOwnedByIt() {
        DatabaseCluster cluster = TestClusters.threeMembers();
        DatabaseCluster stored = cluster.withMetadata(
                new ObjectMeta("orders", Map.of(), Map.of(), 1L, "7d0c1f4e-2f0b-4b8e-9a55-0c1d2e3f4a5b", null));
        for (HasMetadata object : render(stored, KubernetesSettings.DEFAULT)) {
            if (object instanceof PersistentVolumeClaim) {
                assertThat(object.getMetadata().getOwnerReferences()).isEmpty();
            } else {
                assertThat(object.getMetadata().getOwnerReferences())
                        .singleElement()
                        .satisfies(owner -> {
                            assertThat(owner.getKind()).isEqualTo("DatabaseCluster");
                            assertThat(owner.getName()).isEqualTo("orders");
                            assertThat(owner.getUid()).isEqualTo("7d0c1f4e-2f0b-4b8e-9a55-0c1d2e3f4a5b");
                            assertThat(owner.getController()).isTrue();
                        });
            }
        }
    }

    @Test
    void placementIsPreferredNeverRequired() {
        for (Pod pod : pods(render(TestClusters.threeMembers(), KubernetesSettings.DEFAULT))
                .values()) {
            var antiAffinity = pod.getSpec().getAffinity().getPodAntiAffinity();
            assertThat(antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution())
                    .isNullOrEmpty();
            assertThat(antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution())
                    .singleElement()
                    .satisfies(term -> assertThat(term.getPodAffinityTerm().getTopologyKey())
                            .isEqualTo(PodPlacement.NODE));
            assertThat(pod.getSpec().getTopologySpreadConstraints())
                    .singleElement()
                    .satisfies(spread -> {
                        assertThat(spread.getTopologyKey()).isEqualTo(PodPlacement.ZONE);
                        assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
                    });
        }
    }

    @Test
    void roleServicesSelectTheRoleLabelOfTheDataComponent() {
        Map<String, Service> services = render(TestClusters.withGateway(), KubernetesSettings.DEFAULT).stream()
                .filter(Service.class::isInstance)
                .map(Service.class::cast)
                .collect(Collectors.toMap(service -> service.getMetadata().getName(), Function.identity()));
        assertThat(services.get("payments-rw").getSpec().getSelector())
                .containsEntry(ObjectLabels.ROLE, "primary")
                .containsEntry(ObjectLabels.MEMBER_COMPONENT, "postgres");
        assertThat(services.get("payments-ro").getSpec().getSelector())
                .containsEntry(ObjectLabels.ROLE, "replica")
                .containsEntry(ObjectLabels.MEMBER_COMPONENT, "postgres");
        assertThat(services.get("payments-gateway").getSpec().getSelector())
                .doesNotContainKey(ObjectLabels.ROLE)
                .containsEntry(ObjectLabels.MEMBER_COMPONENT, "gateway");
        Service members = services.get("payments-members");
        assertThat(members.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(members.getSpec().getPublishNotReadyAddresses()).isTrue();
        // No rendered pod carries a role: the operator writes it from what the engine reports.
        assertThat(pods(render(TestClusters.withGateway(), KubernetesSettings.DEFAULT))
                        .values())
                .allSatisfy(pod -> assertThat(pod.getMetadata().getLabels()).doesNotContainKey(ObjectLabels.ROLE));
    }

    @Test
    void membersAreNamedForTheirHeadlessService() {
        Pod pod = pods(render(TestClusters.threeMembers(), KubernetesSettings.DEFAULT))
                .get("orders-postgres-2");
        assertThat(pod.getSpec().getHostname()).isEqualTo("orders-postgres-2");
        assertThat(pod.getSpec().getSubdomain()).isEqualTo("orders-members");
        assertThat(KubernetesLayout.host(new MemberIdentity("orders", "postgres", 2), NAMESPACE))
                .isEqualTo("orders-postgres-2.orders-members.shop.svc");
    }

    @Test
    void aPrimaryOutsideTheMembersIsRefused() {
        DatabaseCluster cluster = TestClusters.threeMembers();
        MemberRoster roster = new MemberRoster(
                List.of(new MemberIdentity("orders", "postgres", 0)), Optional.of("orders-postgres-7"), List.of());
        assertThatThrownBy(() -> render(cluster, roster))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders-postgres-7");
    }

    private static List<HasMetadata> render(DatabaseCluster cluster, KubernetesSettings settings) {
        return ClusterObjects.render(cluster, NAMESPACE, TestClusters.ENGINE, TestClusters.credentials(), settings);
    }

    private static List<HasMetadata> render(DatabaseCluster cluster, MemberRoster roster) {
        return ClusterObjects.render(
                cluster,
                NAMESPACE,
                TestClusters.ENGINE,
                TestClusters.credentials(),
                KubernetesSettings.DEFAULT,
                roster);
    }

    private static Map<String, Pod> pods(List<HasMetadata> objects) {
        return byName(objects, Pod.class);
    }

    private static Map<String, ConfigMap> configMaps(List<HasMetadata> objects) {
        return byName(objects, ConfigMap.class);
    }

    private static Map<String, String> revisions(List<HasMetadata> objects) {
        Map<String, String> revisions = new LinkedHashMap<>();
        pods(objects)
                .forEach((name, pod) ->
                        revisions.put(name, pod.getMetadata().getAnnotations().get(RevisionHash.ANNOTATION)));
        return revisions;
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<HasMetadata> objects, Class<T> kind) {
        Map<String, T> found = new LinkedHashMap<>();
        objects.stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .forEach(object -> found.put(object.getMetadata().getName(), object));
        return found;
    }
}
