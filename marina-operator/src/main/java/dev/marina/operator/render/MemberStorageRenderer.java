package dev.marina.operator.render;

import dev.marina.api.StorageSpec;
import dev.marina.control.member.MemberIdentity;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/**
 * A member's PersistentVolumeClaim: {@code spec.components.<c>.storage} (size, storage class), one per member, never
 * shared through a template, so one member's volume can be grown, rebuilt or kept on its own.
 *
 * <p>It carries no owner reference: deleting a DatabaseCluster keeps its data, as {@code marina delete} does without
 * {@code --purge}, and a cluster created again under the same name finds its volumes. Deleting the data is the
 * operator's explicit step, never the garbage collector's side effect.
 */
public final class MemberStorageRenderer {

    /** Says on the claim why it outlives its cluster, for whoever finds it with kubectl. */
    public static final String RETAINED_ANNOTATION = "marina.dev/retained";

    private MemberStorageRenderer() {}

    public static PersistentVolumeClaim claim(
            String engine, MemberIdentity member, String namespace, StorageSpec storage, String defaultSize) {
        String size = storage == null || storage.size() == null ? defaultSize : storage.size();
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(
                RETAINED_ANNOTATION, "kept when the DatabaseCluster is deleted; removed by the operator on purge");
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(ObjectNames.memberVolume(member))
                .withNamespace(namespace)
                .withLabels(ObjectLabels.member(engine, member))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storage == null ? null : storage.storageClassName())
                .withVolumeMode("Filesystem")
                .withNewResources()
                .withRequests(new TreeMap<>(Map.of("storage", new Quantity(size))))
                .endResources()
                .endSpec()
                .build();
    }
}
