package dev.marina.operator.render;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of a member's pod spec, written on the pod as {@value #ANNOTATION}: the operator replaces a pod only when
 * the digest of the spec it renders now differs from the one on the pod. It is computed from the rendered spec, never
 * from the pod the API server returns (which carries defaults), over JSON with every property and map key sorted, so
 * it is the same in every JVM and after every operator restart. Only the pod spec counts: labels (the role moves at a
 * failover) and the member's files (a ConfigMap, reloaded) change without a new pod.
 */
public final class RevisionHash {

    public static final String ANNOTATION = "marina.dev/revision";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RevisionHash() {}

    public static String of(PodSpec spec) {
        requireNonNull(spec, "spec is null");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(spec));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a pod spec as JSON: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
