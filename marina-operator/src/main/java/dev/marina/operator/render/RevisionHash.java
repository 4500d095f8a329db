package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.marina.api.ClusterSpec;
import dev.marina.api.ComponentSpec;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of a member's pod spec, written on the pod as {@value #ANNOTATION}: the operator replaces a pod only when
 * the digest of the spec it renders now differs from the one on the pod. It is computed from the rendered spec, never
 * from the pod the API server returns (which carries defaults), over JSON with every property and map key sorted, so
 * it is the same in every JVM and after every operator restart. Only the pod spec counts: labels (the role moves at a
 * failover) and the member's files (a ConfigMap, reloaded) change without a new pod.
 */
public final class RevisionHash {

    public static final String ANNOTATION = "marina.dev/revision";

    /**
     * A digest of what of the cluster's spec a member's pod is made from (the engine version, which picks the image, and
     * the component's resources), written on the pod as {@value}. It moves only when the spec does, never when a newer
     * operator renders the same spec differently: the runtime asks for a rolling update when it moved, so an operator
     * upgrade restarts no database ({@link #ANNOTATION} then differs, and the pod is replaced at its next restart).
     */
    public static final String SPEC_ANNOTATION = "marina.dev/spec-revision";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RevisionHash() {}

    public static String of(PodSpec spec) {
        requireNonNull(spec, "spec is null");
        return digest(spec);
    }

    /** The digest of {@code component}'s pod inputs in {@code spec}, for {@value #SPEC_ANNOTATION}. */
    public static String ofSpec(ClusterSpec spec, String component) {
        requireNonNull(spec, "spec is null");
        requireNonNull(component, "component is null");
        ComponentSpec own = spec.components().get(component);
        Map<String, Object> inputs = new TreeMap<>();
        inputs.put("engine", spec.engine());
        inputs.put("version", String.valueOf(spec.version()));
        inputs.put(
                "requests",
                own == null || own.resources() == null
                        ? Map.of()
                        : own.resources().requests());
        inputs.put(
                "limits",
                own == null || own.resources() == null
                        ? Map.of()
                        : own.resources().limits());
        return digest(inputs);
    }

    private static String digest(Object value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(value));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write " + value.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
