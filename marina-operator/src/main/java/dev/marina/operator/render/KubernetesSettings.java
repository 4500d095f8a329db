package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the Kubernetes objects of every cluster share, set by whoever runs the operator (or {@code marina render}) rather
 * than by a cluster's spec.
 *
 * @param imageTemplate the member image, with {@code {engine}} and {@code {version}} replaced by the cluster's engine
 *     and version; the default names the image built from {@code deploy/images/postgresql/Dockerfile}
 * @param imagePullPolicy the pods' pull policy
 * @param imagePullSecrets the Secrets (in each cluster's namespace) the kubelet pulls the member image with, for a
 *     private registry; empty for a public one
 * @param controlPlaneUrl where members that follow the control plane's topology feed (gateways) find it: the
 *     operator's Service; each member's file holds the base URL of its own namespace's feeds under it
 *     ({@link dev.marina.operator.topology.FeedPath#base})
 * @param runAsUser the user (and group) the member containers run as: 999 is {@code postgres} in the official
 *     PostgreSQL image the Marina image is built on
 * @param defaultStorageSize the volume of a member that holds data when its component gives no {@code storage.size}
 * @param serviceMonitor whether to render a Prometheus operator ServiceMonitor: only when its CRD exists, which an
 *     offline rendering cannot see, so it is asked for
 */
public record KubernetesSettings(
        String imageTemplate,
        String imagePullPolicy,
        List<String> imagePullSecrets,
        String controlPlaneUrl,
        long runAsUser,
        String defaultStorageSize,
        boolean serviceMonitor) {

    public static final String DEFAULT_IMAGE_TEMPLATE = "ghcr.io/marina-dev/marina-{engine}:{version}";
    public static final String DEFAULT_CONTROL_PLANE_URL = "http://marina-operator.marina-system.svc:8080";

    public static final KubernetesSettings DEFAULT = new KubernetesSettings(
            DEFAULT_IMAGE_TEMPLATE, "IfNotPresent", List.of(), DEFAULT_CONTROL_PLANE_URL, 999, "1Gi", false);

    public KubernetesSettings {
        requireNonNull(imageTemplate, "imageTemplate is null");
        requireNonNull(imagePullPolicy, "imagePullPolicy is null");
        imagePullSecrets = List.copyOf(imagePullSecrets);
        requireNonNull(controlPlaneUrl, "controlPlaneUrl is null");
        requireNonNull(defaultStorageSize, "defaultStorageSize is null");
        if (runAsUser <= 0) {
            throw new IllegalArgumentException("runAsUser must be a user other than root: " + runAsUser);
        }
    }

    /** The image of a cluster's members. */
    public String image(String engine, String version) {
        return imageTemplate.replace("{engine}", engine).replace("{version}", version);
    }

    public KubernetesSettings withServiceMonitor(boolean newServiceMonitor) {
        return new KubernetesSettings(
                imageTemplate,
                imagePullPolicy,
                imagePullSecrets,
                controlPlaneUrl,
                runAsUser,
                defaultStorageSize,
                newServiceMonitor);
    }

    public KubernetesSettings withImagePullSecrets(List<String> newImagePullSecrets) {
        return new KubernetesSettings(
                imageTemplate,
                imagePullPolicy,
                newImagePullSecrets,
                controlPlaneUrl,
                runAsUser,
                defaultStorageSize,
                serviceMonitor);
    }

    public KubernetesSettings withImageTemplate(String newImageTemplate) {
        return new KubernetesSettings(
                newImageTemplate,
                imagePullPolicy,
                imagePullSecrets,
                controlPlaneUrl,
                runAsUser,
                defaultStorageSize,
                serviceMonitor);
    }
}
