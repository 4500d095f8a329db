package dev.marina.operator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ClusterStatus;
import dev.marina.api.DatabaseCluster;
import dev.marina.api.DatabaseOperation;
import dev.marina.api.ObjectMeta;
import dev.marina.api.OperationSpec;
import dev.marina.api.OperationStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The marina-api records as fabric8 generic resources and back, through the project's JSON mapping: the custom
 * resources hold exactly the JSON the REST API and the CLI speak. Typed CustomResource classes (package
 * {@code crd}) describe the same documents for the CRD; the store needs none of them.
 */
final class ResourceConversion {

    static final String SPEC = "spec";
    static final String STATUS = "status";

    /**
     * The identity the control core gave an operation (uid, creationTimestamp, generation), as JSON: the API server sets
     * its own on every object, and an operation must come back as it was saved.
     */
    static final String OPERATION_IDENTITY_ANNOTATION = "marina.dev/saved-identity";

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private ResourceConversion() {}

    /** A new resource for {@code cluster}: its name, labels, annotations and spec; never its status. */
    static GenericKubernetesResource newCluster(DatabaseCluster cluster, String namespace) {
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(DatabaseCluster.API_VERSION);
        resource.setKind(DatabaseCluster.KIND);
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(cluster.name())
                .withNamespace(namespace)
                .withLabels(new TreeMap<>(cluster.metadata().labels()))
                .withAnnotations(new TreeMap<>(cluster.metadata().annotations()))
                .build());
        resource.setAdditionalProperty(SPEC, toObject(cluster.spec()));
        return resource;
    }

    /** Whether the resource already has this spec, labels and annotations: a write would change nothing of them. */
    static boolean hasSpecAndMetadata(GenericKubernetesResource resource, DatabaseCluster cluster) {
        DatabaseCluster current = toCluster(resource);
        return Objects.equals(current.spec(), cluster.spec())
                && current.metadata().labels().equals(cluster.metadata().labels())
                && current.metadata().annotations().equals(cluster.metadata().annotations());
    }

    static boolean hasSpec(GenericKubernetesResource resource, DatabaseCluster cluster) {
        return Objects.equals(toCluster(resource).spec(), cluster.spec());
    }

    /** Sets the spec of {@code cluster} on a resource read from the API server, and nothing else. */
    static void setSpec(GenericKubernetesResource resource, DatabaseCluster cluster) {
        resource.setAdditionalProperty(SPEC, toObject(cluster.spec()));
    }

    /** Sets the spec, labels and annotations of {@code cluster} on a resource read from the API server. */
    static void setSpecAndMetadata(GenericKubernetesResource resource, DatabaseCluster cluster) {
        resource.getMetadata().setLabels(new TreeMap<>(cluster.metadata().labels()));
        resource.getMetadata().setAnnotations(new TreeMap<>(cluster.metadata().annotations()));
        resource.setAdditionalProperty(SPEC, toObject(cluster.spec()));
    }

    static void setStatus(GenericKubernetesResource resource, Object status) {
        if (status == null) {
            resource.getAdditionalProperties().remove(STATUS);
        } else {
            resource.setAdditionalProperty(STATUS, toObject(status));
        }
    }

    static DatabaseCluster toCluster(GenericKubernetesResource resource) {
        io.fabric8.kubernetes.api.model.ObjectMeta metadata = resource.getMetadata();
        return new DatabaseCluster(
                DatabaseCluster.API_VERSION,
                DatabaseCluster.KIND,
                new ObjectMeta(
                        metadata.getName(),
                        metadata.getLabels(),
                        metadata.getAnnotations(),
                        metadata.getGeneration(),
                        metadata.getUid(),
                        metadata.getCreationTimestamp()),
                read(resource, SPEC, ClusterSpec.class),
                read(resource, STATUS, ClusterStatus.class));
    }

    /**
     * A new or changed operation resource: the store's cluster label and sequence annotation beside the operation's
     * own, and the identity the control core gave it.
     */
    static GenericKubernetesResource operation(DatabaseOperation operation, String namespace, long sequence) {
        Map<String, String> labels = new TreeMap<>(operation.metadata().labels());
        labels.put(StoreObjects.CLUSTER_LABEL, operation.spec().cluster());
        Map<String, String> annotations = new TreeMap<>(operation.metadata().annotations());
        annotations.put(StoreObjects.SEQUENCE_ANNOTATION, Long.toString(sequence));
        annotations.put(OPERATION_IDENTITY_ANNOTATION, StoreJson.write(Identity.of(operation.metadata())));
        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(DatabaseCluster.API_VERSION);
        resource.setKind(DatabaseOperation.KIND);
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(operation.name())
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(annotations)
                .build());
        resource.setAdditionalProperty(SPEC, toObject(operation.spec()));
        return resource;
    }

    /**
     * The operation as the control core saved it: without the store's label and annotations, with the identity it
     * was given; one created with kubectl, never saved by the store, has the API server's.
     */
    static DatabaseOperation toOperation(GenericKubernetesResource resource) {
        io.fabric8.kubernetes.api.model.ObjectMeta metadata = resource.getMetadata();
        Map<String, String> labels = new TreeMap<>(metadata.getLabels() == null ? Map.of() : metadata.getLabels());
        labels.remove(StoreObjects.CLUSTER_LABEL);
        Map<String, String> annotations =
                new TreeMap<>(metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
        annotations.remove(StoreObjects.SEQUENCE_ANNOTATION);
        String saved = annotations.remove(OPERATION_IDENTITY_ANNOTATION);
        Identity identity = saved == null
                ? new Identity(metadata.getUid(), metadata.getCreationTimestamp(), metadata.getGeneration())
                : StoreJson.read(saved, Identity.class);
        return new DatabaseOperation(
                DatabaseCluster.API_VERSION,
                DatabaseOperation.KIND,
                new ObjectMeta(
                        metadata.getName(),
                        labels,
                        annotations,
                        identity.generation(),
                        identity.uid(),
                        identity.creationTimestamp()),
                read(resource, SPEC, OperationSpec.class),
                read(resource, STATUS, OperationStatus.class));
    }

    /** The store's order of an operation; one without (created with kubectl) sorts after the store's. */
    static long sequence(GenericKubernetesResource resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String sequence = annotations == null ? null : annotations.get(StoreObjects.SEQUENCE_ANNOTATION);
        return sequence == null ? Long.MAX_VALUE : Long.parseLong(sequence);
    }

    /** Whether two resources differ in what a main (not status) write changes. */
    static boolean sameSpecAndMetadata(GenericKubernetesResource left, GenericKubernetesResource right) {
        return sameField(left, right, SPEC)
                && Objects.equals(labelsOf(left), labelsOf(right))
                && Objects.equals(annotationsOf(left), annotationsOf(right));
    }

    /** Whether the resource's status is {@code status} already. */
    static boolean hasStatus(GenericKubernetesResource resource, Object status) {
        return StoreJson.write(resource.getAdditionalProperties().get(STATUS))
                .equals(StoreJson.write(status == null ? null : toObject(status)));
    }

    static boolean sameStatus(GenericKubernetesResource left, GenericKubernetesResource right) {
        return sameField(left, right, STATUS);
    }

    /** Compared as JSON text: the API server's numbers come back as Integer where the store wrote a Long. */
    private static boolean sameField(GenericKubernetesResource left, GenericKubernetesResource right, String field) {
        return StoreJson.write(left.getAdditionalProperties().get(field))
                .equals(StoreJson.write(right.getAdditionalProperties().get(field)));
    }

    private static Map<String, String> labelsOf(GenericKubernetesResource resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static Map<String, String> annotationsOf(GenericKubernetesResource resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    /** A record as the JSON object a resource holds, its maps in key order. */
    static Map<String, Object> toObject(Object value) {
        return new LinkedHashMap<>(StoreJson.mapper().convertValue(value, OBJECT));
    }

    private static <T> T read(GenericKubernetesResource resource, String field, Class<T> type) {
        Object value = resource.getAdditionalProperties().get(field);
        if (value == null) {
            return null;
        }
        try {
            return StoreJson.mapper().convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the " + field + " of " + resource.getKind() + " "
                            + resource.getMetadata().getNamespace() + "/"
                            + resource.getMetadata().getName() + " is not a valid " + type.getSimpleName() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** What the control core set of an operation's metadata that the API server would replace. */
    record Identity(String uid, String creationTimestamp, Long generation) {

        static Identity of(ObjectMeta metadata) {
            return new Identity(metadata.uid(), metadata.creationTimestamp(), metadata.generation());
        }
    }
}
