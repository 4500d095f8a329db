package dev.marina.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hides every Secret's values and keeps its keys, for a rendering meant to be read, reviewed or committed: which
 * secrets a cluster gets is worth reviewing, their values never are.
 */
public final class SecretRedaction {

    public static final String REDACTED = "<redacted>";

    private SecretRedaction() {}

    public static List<HasMetadata> redact(List<HasMetadata> objects) {
        return objects.stream().map(SecretRedaction::redact).toList();
    }

    private static HasMetadata redact(HasMetadata object) {
        if (!(object instanceof Secret secret)) {
            return object;
        }
        Map<String, String> values = new TreeMap<>();
        if (secret.getStringData() != null) {
            secret.getStringData().keySet().forEach(key -> values.put(key, REDACTED));
        }
        if (secret.getData() != null) {
            secret.getData().keySet().forEach(key -> values.put(key, REDACTED));
        }
        return new SecretBuilder(secret).withData(null).withStringData(values).build();
    }
}
