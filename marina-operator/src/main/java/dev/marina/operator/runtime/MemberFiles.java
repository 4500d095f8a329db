package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marina.api.yaml.Serialization;
import dev.marina.control.member.MemberIdentity;
import dev.marina.operator.render.MemberObjects;
import dev.marina.operator.render.ObjectLabels;
import dev.marina.operator.render.ObjectNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A member's files on the API server: its ConfigMap and its Secret, created when missing and rewritten to a new plan.
 * Whether they exist and whether they hold the plan's data is answered by the namespace's informers ({@link
 * OwnedObjects}, which keep a digest of the data), so that a look at a member whose pod is not running yet, or a start
 * with the files already in place, costs no request; where the informers cannot say, the API server is asked, as
 * before.
 */
final class MemberFiles {

    private static final String CONFIG_MAP = "ConfigMap";
    private static final String SECRET = "Secret";

    private final KubernetesClient client;
    private final String namespace;
    private final OwnedObjects owned;

    MemberFiles(KubernetesClient client, String namespace, OwnedObjects owned) {
        this.client = requireNonNull(client, "client is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.owned = requireNonNull(owned, "owned is null");
    }

    /** Whether the informers know both files to exist. */
    boolean exist(MemberIdentity member) {
        return owned.sighting(CONFIG_MAP, ObjectNames.memberConfig(member)).isPresent()
                && owned.sighting(SECRET, ObjectNames.memberSecret(member)).isPresent();
    }

    /** Creates whichever file is missing; existing ones keep what they hold (the plan the core last gave). */
    void createIfMissing(MemberObjects objects) {
        createIfMissing(objects.config());
        createIfMissing(asData(objects.secret()));
    }

    /** Rewrites both files to {@code objects}' data, creating them when missing. */
    void write(MemberObjects objects) {
        write(objects.config(), objects.config().getData());
        Secret secret = asData(objects.secret());
        write(secret, secret.getData());
    }

    /** Deletes both files; until the informers have seen that, they are not trusted to say the files exist. */
    void delete(MemberIdentity member) {
        client.configMaps()
                .inNamespace(namespace)
                .withName(ObjectNames.memberConfig(member))
                .delete();
        owned.deleted(CONFIG_MAP, ObjectNames.memberConfig(member));
        client.secrets()
                .inNamespace(namespace)
                .withName(ObjectNames.memberSecret(member))
                .delete();
        owned.deleted(SECRET, ObjectNames.memberSecret(member));
    }

    /** Deletes the files of every member of {@code cluster} that are left, as {@link #delete} does one member's. */
    void deleteCluster(String cluster) {
        client.configMaps()
                .inNamespace(namespace)
                .withLabel(ObjectLabels.CLUSTER, cluster)
                .withLabel(ObjectLabels.MEMBER)
                .delete();
        client.secrets()
                .inNamespace(namespace)
                .withLabel(ObjectLabels.CLUSTER, cluster)
                .withLabel(ObjectLabels.MEMBER)
                .delete();
        owned.deletedMembersOf(cluster, CONFIG_MAP);
        owned.deletedMembersOf(cluster, SECRET);
    }

    private void createIfMissing(HasMetadata object) {
        if (owned.sighting(object).isPresent()) {
            return;
        }
        create(object);
    }

    private void write(HasMetadata object, Map<String, String> data) {
        Sighting sighting = owned.sighting(object);
        if (sighting.isPresent() && sighting.holdsData(data)) {
            return;
        }
        if (sighting.isPresent()) {
            replaceData(object, data);
            return;
        }
        if (sighting.isAbsent() && create(object)) {
            return;
        }
        HasMetadata current = client.resource(object).get();
        if (current == null) {
            owned.deleted(object.getKind(), name(object));
            create(object);
            return;
        }
        owned.wrote(current);
        if (!Objects.equals(orEmpty(dataOf(current)), orEmpty(data))) {
            replaceData(object, data);
        }
    }

    /** @return false when it exists already */
    private boolean create(HasMetadata object) {
        try {
            owned.wrote(client.resource(object).create());
            return true;
        } catch (KubernetesClientException e) {
            // Created meanwhile by another pass (or the informer had not seen it): what is there is kept.
            if (e.getCode() != 409) {
                throw e;
            }
            return false;
        }
    }

    /**
     * Replaces the object's data as a whole (a JSON patch adding {@code /data} replaces what is there), with no read
     * first; the rest of the object stays as it is. Gone since it was seen: created.
     */
    private void replaceData(HasMetadata object, Map<String, String> data) {
        ArrayNode patch = Serialization.json().createArrayNode();
        ObjectNode add = patch.addObject();
        add.put("op", "add");
        add.put("path", "/data");
        ObjectNode values = add.putObject("value");
        new TreeMap<>(orEmpty(data)).forEach(values::put);
        try {
            HasMetadata patched = object instanceof Secret
                    ? client.secrets()
                            .inNamespace(namespace)
                            .resource(PatchTargets.named(new Secret(), namespace, name(object)))
                            .patch(PatchContext.of(PatchType.JSON), patch.toString())
                    : client.configMaps()
                            .inNamespace(namespace)
                            .resource(PatchTargets.named(new ConfigMap(), namespace, name(object)))
                            .patch(PatchContext.of(PatchType.JSON), patch.toString());
            owned.wrote(patched);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            owned.deleted(object.getKind(), name(object));
            create(object);
        }
    }

    /**
     * The Secret with its text as base64 data, as the API server keeps it (a real one turns stringData into data; the
     * mock API server keeps stringData as sent), so that what is compared later is like with like.
     */
    private static Secret asData(Secret secret) {
        Map<String, String> data = new TreeMap<>();
        if (secret.getStringData() != null) {
            secret.getStringData()
                    .forEach((key, value) ->
                            data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        }
        if (secret.getData() != null) {
            data.putAll(secret.getData());
        }
        return new SecretBuilder(secret).withStringData(null).withData(data).build();
    }

    private static Map<String, String> dataOf(HasMetadata object) {
        if (object instanceof ConfigMap config) {
            return config.getData();
        }
        return object instanceof Secret secret ? secret.getData() : null;
    }

    private static Map<String, String> orEmpty(Map<String, String> data) {
        return data == null ? Map.of() : data;
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
