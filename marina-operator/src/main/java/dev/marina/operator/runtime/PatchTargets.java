package dev.marina.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * What to patch an object through: fabric8's {@code withName(name).patch(...)} reads the whole object from the API
 * server first, only to learn its name and namespace for the URL (a request for nothing, at every role label);
 * {@code resource(named(...)).patch(...)} sends the patch alone.
 */
final class PatchTargets {

    private PatchTargets() {}

    /** {@code empty} (a new, empty object of the kind to patch) with only its name and namespace set. */
    static <T extends HasMetadata> T named(T empty, String namespace, String name) {
        empty.setMetadata(
                new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return empty;
    }
}
