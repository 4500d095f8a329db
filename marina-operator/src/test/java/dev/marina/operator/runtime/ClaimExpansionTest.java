package dev.marina.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.ObjectMeta;
import dev.marina.api.StorageSpec;
import dev.marina.control.member.MemberIdentity;
import dev.marina.operator.render.MemberStorageRenderer;
import dev.marina.testkit.FakeEngine;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link ClaimExpansion} asks of the API server, and what it reports when it cannot. */
@EnableKubernetesMockClient(crud = true, https = false)
class ClaimExpansionTest {

    private static final String NAMESPACE = "shop";
    private static final String DEMO = "demo";
    private static final MemberIdentity M0 = new MemberIdentity(DEMO, FakeEngine.COMPONENT, 0);
    private static final MemberIdentity M1 = new MemberIdentity(DEMO, FakeEngine.COMPONENT, 1);

    KubernetesMockServer server;
    KubernetesClient client;

    private PodCache cache;
    private ClaimExpansion expansion;

    @BeforeEach
    void startTheCache() {
        cache = PodCache.start(client, NAMESPACE);
        expansion = new ClaimExpansion(client, NAMESPACE, cache);
    }

    @AfterEach
    void stopTheCache() {
        cache.close();
    }

    @Test
    void aBoundClaimGrowsAndAPendingOneWaitsUntilItIsBound() {
        createClaim(M0, "1Gi", true);
        createClaim(M1, "1Gi", false);

        List<ClaimExpansion.Outcome> outcomes = expansion.expand(cluster("2Gi"), "1Gi");

        assertThat(outcomes)
                .containsExactly(new ClaimExpansion.Outcome(M0.name(), claimName(M0), "1Gi", "2Gi", Optional.empty()));
        assertThat(size(M0)).isEqualTo(new Quantity("2Gi"));
        assertThat(size(M1)).as("a pending claim cannot be resized yet").isEqualTo(new Quantity("1Gi"));

        bind(M1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cache.claims(DEMO).stream()
                        .filter(claim -> claim.getMetadata().getName().equals(claimName(M0)))
                        .anyMatch(claim -> new Quantity("2Gi")
                                .equals(claim.getSpec()
                                        .getResources()
                                        .getRequests()
                                        .get("storage"))));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cache.claims(DEMO).stream()
                        .allMatch(claim -> "Bound".equals(claim.getStatus().getPhase())));
        assertThat(expansion.expand(cluster("2Gi"), "1Gi"))
                .extracting(ClaimExpansion.Outcome::claim)
                .containsExactly(claimName(M1));
        assertThat(size(M1)).isEqualTo(new Quantity("2Gi"));
    }

    @Test
    void theSameSizeAsksForNothing() {
        createClaim(M0, "1024Mi", true);

        assertThat(expansion.expand(cluster("1Gi"), "1Gi")).as("1024Mi is 1Gi").isEmpty();
        assertThat(expansion.expand(cluster(null), "1Gi"))
                .as("the default size")
                .isEmpty();
    }

    @Test
    void aSmallerSizeIsReportedOnceAndTheClaimStays() {
        createClaim(M0, "2Gi", true);

        List<ClaimExpansion.Outcome> first = expansion.expand(cluster("1Gi"), "1Gi");

        assertThat(first).singleElement().satisfies(outcome -> {
            assertThat(outcome.requested()).isFalse();
            assertThat(outcome.refusal()).contains("a volume claim cannot shrink; it stays at 2Gi");
        });
        assertThat(expansion.expand(cluster("1Gi"), "1Gi"))
                .as("not again every pass")
                .isEmpty();
        assertThat(size(M0)).isEqualTo(new Quantity("2Gi"));
    }

    @Test
    void aResizeTheApiServerRefusesIsReportedOnceWithItsReason() {
        createClaim(M0, "1Gi", true);
        String refusal = "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc"
                + " must support resize";
        server.expect()
                .patch()
                .withPath("/api/v1/namespaces/" + NAMESPACE + "/persistentvolumeclaims/" + claimName(M0))
                .andReturn(
                        403,
                        new StatusBuilder()
                                .withCode(403)
                                .withReason("Forbidden")
                                .withMessage(refusal)
                                .build())
                .always();

        assertThat(expansion.expand(cluster("2Gi"), "1Gi")).singleElement().satisfies(outcome -> {
            assertThat(outcome.requested()).isFalse();
            assertThat(outcome.refusal()).contains(refusal);
        });
        assertThat(expansion.expand(cluster("2Gi"), "1Gi"))
                .as("not again every pass")
                .isEmpty();
        assertThat(expansion.expand(cluster("3Gi"), "1Gi"))
                .as("a new size is tried and reported again")
                .hasSize(1);
        assertThat(size(M0)).isEqualTo(new Quantity("1Gi"));
    }

    private void createClaim(MemberIdentity member, String size, boolean bound) {
        PersistentVolumeClaim claim =
                MemberStorageRenderer.claim(FakeEngine.NAME, member, NAMESPACE, new StorageSpec(size, null), "1Gi");
        client.resource(claim).create();
        if (bound) {
            bind(member);
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> cache.claims(DEMO).stream()
                        .anyMatch(cached -> cached.getMetadata().getName().equals(claimName(member))
                                && (!bound || cached.getStatus() != null)));
    }

    private void bind(MemberIdentity member) {
        client.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .withName(claimName(member))
                .editStatus(claim -> {
                    claim.setStatus(new PersistentVolumeClaimStatusBuilder()
                            .withPhase("Bound")
                            .build());
                    return claim;
                });
    }

    private Quantity size(MemberIdentity member) {
        return client.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .withName(claimName(member))
                .get()
                .getSpec()
                .getResources()
                .getRequests()
                .get("storage");
    }

    private static String claimName(MemberIdentity member) {
        return member.name() + "-data";
    }

    private static DatabaseCluster cluster(String size) {
        return DatabaseCluster.of(
                ObjectMeta.named(DEMO),
                new ClusterSpec(
                        FakeEngine.NAME,
                        null,
                        Map.of(
                                FakeEngine.COMPONENT,
                                new ComponentSpec(3, null, null, size == null ? null : new StorageSpec(size, null))),
                        null,
                        null));
    }
}
