package dev.marina.testkit.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * A provisioner and the volume binder: every claim gets a PersistentVolume of the size it requests, named after the
 * claim's uid as dynamic provisioners name theirs, and is marked Bound to it.
 */
public final class VolumeBinding implements MockController {

    private final KubernetesClient client;

    public VolumeBinding(KubernetesClient client) {
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public void pass() {
        for (PersistentVolumeClaim claim :
                client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
            if (claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase())) {
                continue;
            }
            try {
                bind(claim);
            } catch (KubernetesClientException e) {
                // Changed or deleted since it was listed: the next pass sees it as it is now.
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private void bind(PersistentVolumeClaim claim) {
        String volumeName = "pvc-" + claim.getMetadata().getUid();
        Quantity size = claim.getSpec().getResources() == null
                ? new Quantity("1Gi")
                : claim.getSpec().getResources().getRequests().getOrDefault("storage", new Quantity("1Gi"));
        if (client.persistentVolumes().withName(volumeName).get() == null) {
            PersistentVolume volume = new PersistentVolumeBuilder()
                    .withNewMetadata()
                    .withName(volumeName)
                    .endMetadata()
                    .withNewSpec()
                    .withCapacity(Map.of("storage", size))
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withStorageClassName(claim.getSpec().getStorageClassName())
                    .withNewClaimRef()
                    .withNamespace(claim.getMetadata().getNamespace())
                    .withName(claim.getMetadata().getName())
                    .withUid(claim.getMetadata().getUid())
                    .endClaimRef()
                    .withNewHostPath()
                    .withPath("/mock/" + volumeName)
                    .endHostPath()
                    .endSpec()
                    .build();
            client.persistentVolumes().resource(volume).create();
        }
        if (!volumeName.equals(claim.getSpec().getVolumeName())) {
            claim.getSpec().setVolumeName(volumeName);
            claim = client.persistentVolumeClaims().resource(claim).update();
        }
        claim.setStatus(new PersistentVolumeClaimStatusBuilder()
                .withPhase("Bound")
                .withAccessModes(claim.getSpec().getAccessModes())
                .withCapacity(Map.of("storage", size))
                .build());
        client.persistentVolumeClaims().resource(claim).updateStatus();
    }
}
