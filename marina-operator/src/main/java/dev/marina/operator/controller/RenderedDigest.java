package dev.marina.operator.controller;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A digest of an object as the operator rendered it, written on the object as {@value #ANNOTATION}: the operator
 * updates an object only when what it renders now differs from what it wrote last. Comparing with the object the API
 * server returns would see a change at every pass (a Service gets a clusterIP, a Secret's stringData comes back as
 * data, defaults are filled in). As for pods' revisions, the JSON has every property and map key sorted, so the digest
 * is the same in every JVM and after a restart. For a Secret it covers the values: 64 bits of a SHA-256 of generated
 * passwords tell nothing about them.
 */
final class RenderedDigest {

    static final String ANNOTATION = "marina.dev/rendered";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RenderedDigest() {}

    /** The digest of {@code object}, without its own annotation. */
    static String of(HasMetadata object) {
        requireNonNull(object, "object is null");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(object));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + object.getKind() + " as JSON: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
