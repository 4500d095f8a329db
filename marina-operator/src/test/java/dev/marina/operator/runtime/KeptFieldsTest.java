package dev.marina.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.operator.render.ObjectLabels;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the informers keep of an object: what their readers compare, and no more. */
class KeptFieldsTest {

    @Test
    void aPodForTheEventSourceKeepsWhatMapsItToItsClusterOnly() {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("demo-db-0")
                .withNamespace("shop")
                .withResourceVersion("7")
                .withLabels(Map.of(ObjectLabels.CLUSTER, "demo"))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withKind("DatabaseCluster")
                        .withName("demo")
                        .withUid("uid-1")
                        .build())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("postgres")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();

        Pod kept = KeptFields.podOwners(pod);

        assertThat(kept.getMetadata().getName()).isEqualTo("demo-db-0");
        assertThat(kept.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(kept.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(kept.getMetadata().getOwnerReferences())
                .isEqualTo(pod.getMetadata().getOwnerReferences());
        assertThat(kept.getSpec()).isNull();
        assertThat(kept.getStatus()).isNull();
    }

    @Test
    void aServiceKeepsItsClusterIpsAndAConfigMapADigestOfItsData() {
        Service service = new ServiceBuilder()
                .withNewMetadata()
                .withName("demo-rw")
                .withLabels(Map.of(ObjectLabels.CLUSTER, "demo", ObjectLabels.NAME, "postgresql"))
                .withAnnotations(Map.of("marina.dev/rendered", "abc", "kubectl.kubernetes.io/last-applied", "{}"))
                .endMetadata()
                .withNewSpec()
                .withClusterIP("10.0.0.7")
                .withClusterIPs(List.of("10.0.0.7"))
                .addNewPort()
                .withPort(5432)
                .endPort()
                .endSpec()
                .build();

        Service kept = KeptFields.service(service);

        assertThat(kept.getSpec().getClusterIP()).isEqualTo("10.0.0.7");
        assertThat(kept.getSpec().getClusterIPs()).containsExactly("10.0.0.7");
        assertThat(kept.getSpec().getPorts()).isNullOrEmpty();
        assertThat(kept.getMetadata().getLabels()).isEqualTo(Map.of(ObjectLabels.CLUSTER, "demo"));
        assertThat(kept.getMetadata().getAnnotations()).isEqualTo(Map.of("marina.dev/rendered", "abc"));

        Map<String, String> data = Map.of("member.conf", "role = primary");
        assertThat(KeptFields.configMap(new ConfigMapBuilder()
                                .withNewMetadata()
                                .withName("demo-db-0-config")
                                .endMetadata()
                                .withData(data)
                                .build())
                        .getData())
                .isEqualTo(Map.of(KeptFields.DATA_DIGEST, DataDigest.of(data)));
    }
}
