package dev.marina.testkit.kubernetes.mockserver;

import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.METADATA_NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAMESPACE;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.PLURAL;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.crud.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of fabric8's CRUD store (each object's attributes) by name, namespace and plural, each group in the store's
 * own order. A stored object matches a request only if it holds every attribute the request asks it to have (a path's
 * plural, namespace and name, a field selector's {@code metadata.name=x}), so the smallest group among those attributes
 * holds every object the request can match, in the order fabric8 would meet them.
 *
 * <p>Not thread-safe: its owner ({@link IndexedCrudDispatcher}) changes and reads it under its store's lock.
 */
final class StoreIndex {

    /** The attributes every stored object has and requests ask for by value: path segments, name field selectors. */
    private static final List<String> INDEXED = List.of(NAME, METADATA_NAME, NAMESPACE, PLURAL);

    /** fabric8's {@link Value} "*" equals every value without sharing its hash, so it cannot be looked up. */
    private static final String ANY = "*";

    private final Map<Attribute, Set<AttributeSet>> groups = new HashMap<>();

    /** Stored keys with "*" as a name, namespace or plural: while there are any, every request reads everything. */
    private final Set<AttributeSet> wildcardKeys = new HashSet<>();

    /** Called when the store gains {@code key}; one it already holds keeps its place, as in the store's map. */
    void add(AttributeSet key) {
        for (String name : INDEXED) {
            Attribute attribute = key.getAttribute(name);
            if (attribute != null && isWildcard(attribute)) {
                wildcardKeys.add(key);
            } else if (attribute != null) {
                groups.computeIfAbsent(attribute, ignored -> new LinkedHashSet<>())
                        .add(key);
            }
        }
    }

    /** Called when the store loses {@code key}. */
    void remove(AttributeSet key) {
        wildcardKeys.remove(key);
        for (String name : INDEXED) {
            Attribute attribute = key.getAttribute(name);
            if (attribute == null) {
                continue;
            }
            Set<AttributeSet> group = groups.get(attribute);
            if (group != null && group.remove(key) && group.isEmpty()) {
                groups.remove(attribute);
            }
        }
    }

    void clear() {
        groups.clear();
        wildcardKeys.clear();
    }

    /**
     * The stored keys that may match {@code query}, in the store's order (a copy, so the caller may change the store
     * while going through them); empty when the query asks for none of the indexed attributes by value, and the
     * caller must read every key.
     */
    Optional<List<AttributeSet>> candidates(AttributeSet query) {
        if (!wildcardKeys.isEmpty()) {
            return Optional.empty();
        }
        Set<AttributeSet> smallest = null;
        for (String name : INDEXED) {
            Attribute wanted = query.getAttribute(name);
            if (wanted == null || wanted.getType() != AttributeType.WITH || isWildcard(wanted)) {
                continue;
            }
            Set<AttributeSet> group = groups.getOrDefault(wanted, Set.of());
            if (smallest == null || group.size() < smallest.size()) {
                smallest = group;
            }
        }
        return smallest == null ? Optional.empty() : Optional.of(List.copyOf(smallest));
    }

    private static boolean isWildcard(Attribute attribute) {
        // By the string: Value.equals would call every value "*".
        return attribute.getValues().stream().anyMatch(value -> ANY.equals(value.toString()));
    }
}
