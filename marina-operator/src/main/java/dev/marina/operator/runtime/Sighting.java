package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link OwnedObjects} knows of one object: that it is absent, that it is present (with the fields it keeps), or
 * nothing the caller may act on, when the informer may not have seen this process's own last write of it yet or does
 * not watch now: the caller then asks the API server, as it did before there were informers.
 */
public final class Sighting {

    private static final Sighting UNKNOWN = new Sighting(false, null);
    private static final Sighting ABSENT = new Sighting(true, null);

    private final boolean known;
    private final HasMetadata kept;

    private Sighting(boolean known, HasMetadata kept) {
        this.known = known;
        this.kept = kept;
    }

    static Sighting unknown() {
        return UNKNOWN;
    }

    static Sighting absent() {
        return ABSENT;
    }

    static Sighting present(HasMetadata kept) {
        return new Sighting(true, requireNonNull(kept, "kept is null"));
    }

    /** False: ask the API server. */
    public boolean isKnown() {
        return known;
    }

    public boolean isAbsent() {
        return known && kept == null;
    }

    public boolean isPresent() {
        return kept != null;
    }

    /**
     * The kept copy of a present object: name, resourceVersion, cluster and member labels, the {@code marina.dev/}
     * annotations and, of a Service, its cluster IPs; not its data.
     */
    public Optional<HasMetadata> copy() {
        return Optional.ofNullable(kept);
    }

    /** The annotation's value on a present object. */
    public Optional<String> annotation(String key) {
        if (kept == null || kept.getMetadata().getAnnotations() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(kept.getMetadata().getAnnotations().get(key));
    }

    /** Whether a present ConfigMap or Secret holds exactly {@code data}. */
    public boolean holdsData(Map<String, String> data) {
        Map<String, String> keptData = kept instanceof ConfigMap config
                ? config.getData()
                : kept instanceof Secret secret ? secret.getData() : null;
        return keptData != null && DataDigest.of(data).equals(keptData.get(KeptFields.DATA_DIGEST));
    }

    @Override
    public String toString() {
        if (!known) {
            return "unknown";
        }
        return kept == null
                ? "absent"
                : "present at resourceVersion " + kept.getMetadata().getResourceVersion();
    }
}
