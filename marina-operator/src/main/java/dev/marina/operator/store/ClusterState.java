package dev.marina.operator.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.marina.api.ClusterSpec;
import dev.marina.control.member.MemberRecord;
import dev.marina.control.step.StepProgress;
import dev.marina.control.store.Leadership;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything the store keeps of one cluster besides its custom resource and its secrets: the data of its state
 * ConfigMap. One object, so that one write with its resourceVersion changes any of it atomically (a lowered spec and
 * the members it drops, an ordinal counter, the event counter).
 *
 * @param spec the spec the control core acts on, when a store write put it here; null when the resource's own spec is
 *     the one (see {@link StoredSpec})
 * @param deletion the delete asked for, or null
 * @param members member records by name, in name order
 * @param nextOrdinals the next ordinal per component
 * @param initialized whether the engine's one-time setup completed
 * @param leadership who was made primary, or null
 * @param progress where the last pass's steps are
 * @param lastEventId the highest event id handed out or reserved ({@link #withEventIdsReserved}); 0 before the first
 */
record ClusterState(
        StoredSpec spec,
        Deletion deletion,
        Map<String, MemberRecord> members,
        Map<String, Integer> nextOrdinals,
        boolean initialized,
        Leadership leadership,
        List<StepProgress> progress,
        long lastEventId) {

    static final ClusterState EMPTY = new ClusterState(null, null, Map.of(), Map.of(), false, null, List.of(), 0);

    private static final String SPEC = "spec";
    private static final String DELETION = "deletion";
    private static final String MEMBERS = "members";
    private static final String NEXT_ORDINALS = "next-ordinals";
    private static final String INITIALIZED = "initialized";
    private static final String LEADERSHIP = "leadership";
    private static final String PROGRESS = "progress";
    private static final String LAST_EVENT_ID = "last-event-id";

    /**
     * The spec the control core acts on, with the generation it has (or, for a write whose copy to the resource has
     * not landed yet, will have) on the {@code DatabaseCluster} whose uid it names. Bound to the uid so that a cluster
     * created again under the same name never inherits it.
     */
    record StoredSpec(String uid, long generation, ClusterSpec spec) {

        StoredSpec {
            requireNonNull(uid, "uid is null");
            requireNonNull(spec, "spec is null");
        }
    }

    /** A delete asked for the {@code DatabaseCluster} with this uid; a cluster created again is not being deleted. */
    record Deletion(String uid, boolean purge) {

        Deletion {
            requireNonNull(uid, "uid is null");
        }
    }

    /** Members and counters are kept in key order, so they are listed and written the same way every time. */
    ClusterState {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        nextOrdinals = Collections.unmodifiableSortedMap(new TreeMap<>(nextOrdinals));
        progress = List.copyOf(progress);
    }

    /** The state a ConfigMap's data holds; keys it does not know are ignored, missing keys take their defaults. */
    static ClusterState fromData(Map<String, String> data) {
        if (data == null || data.isEmpty()) {
            return EMPTY;
        }
        return new ClusterState(
                read(data, SPEC, StoredSpec.class),
                read(data, DELETION, Deletion.class),
                Optional.ofNullable(data.get(MEMBERS))
                        .map(text -> StoreJson.read(text, new TypeReference<Map<String, MemberRecord>>() {}))
                        .orElse(Map.of()),
                Optional.ofNullable(data.get(NEXT_ORDINALS))
                        .map(text -> StoreJson.read(text, new TypeReference<Map<String, Integer>>() {}))
                        .orElse(Map.of()),
                Boolean.parseBoolean(data.get(INITIALIZED)),
                read(data, LEADERSHIP, Leadership.class),
                Optional.ofNullable(data.get(PROGRESS))
                        .map(text -> StoreJson.read(text, new TypeReference<List<StepProgress>>() {}))
                        .orElse(List.of()),
                Optional.ofNullable(data.get(LAST_EVENT_ID))
                        .map(Long::parseLong)
                        .orElse(0L));
    }

    /** The ConfigMap data: one key per part, each JSON (readable with kubectl), in key order; defaults are left out. */
    SortedMap<String, String> toData() {
        SortedMap<String, String> data = new TreeMap<>();
        if (spec != null) {
            data.put(SPEC, StoreJson.write(spec));
        }
        if (deletion != null) {
            data.put(DELETION, StoreJson.write(deletion));
        }
        if (!members.isEmpty()) {
            data.put(MEMBERS, StoreJson.write(members));
        }
        if (!nextOrdinals.isEmpty()) {
            data.put(NEXT_ORDINALS, StoreJson.write(nextOrdinals));
        }
        if (initialized) {
            data.put(INITIALIZED, "true");
        }
        if (leadership != null) {
            data.put(LEADERSHIP, StoreJson.write(leadership));
        }
        if (!progress.isEmpty()) {
            data.put(PROGRESS, StoreJson.write(progress));
        }
        if (lastEventId > 0) {
            data.put(LAST_EVENT_ID, Long.toString(lastEventId));
        }
        return data;
    }

    private static <T> T read(Map<String, String> data, String key, Class<T> type) {
        String text = data.get(key);
        return text == null ? null : StoreJson.read(text, type);
    }

    /** The stored spec if it belongs to the resource with this uid. */
    Optional<StoredSpec> specOf(String uid) {
        return Optional.ofNullable(spec).filter(stored -> stored.uid().equals(uid));
    }

    /** The delete asked for the resource with this uid. */
    Optional<Deletion> deletionOf(String uid) {
        return Optional.ofNullable(deletion).filter(asked -> asked.uid().equals(uid));
    }

    ClusterState withSpec(StoredSpec newSpec) {
        return new ClusterState(
                newSpec, deletion, members, nextOrdinals, initialized, leadership, progress, lastEventId);
    }

    ClusterState withDeletion(Deletion newDeletion) {
        return new ClusterState(
                spec, newDeletion, members, nextOrdinals, initialized, leadership, progress, lastEventId);
    }

    ClusterState withMembers(Collection<MemberRecord> changed) {
        SortedMap<String, MemberRecord> records = new TreeMap<>(members);
        changed.forEach(record -> records.put(record.name(), record));
        return new ClusterState(spec, deletion, records, nextOrdinals, initialized, leadership, progress, lastEventId);
    }

    ClusterState withoutMember(String name) {
        SortedMap<String, MemberRecord> records = new TreeMap<>(members);
        records.remove(name);
        return new ClusterState(spec, deletion, records, nextOrdinals, initialized, leadership, progress, lastEventId);
    }

    int nextOrdinal(String component) {
        return nextOrdinals.getOrDefault(component, 0);
    }

    /** With the next ordinal of {@code component} handed out. */
    ClusterState withOrdinalTaken(String component) {
        SortedMap<String, Integer> next = new TreeMap<>(nextOrdinals);
        next.put(component, nextOrdinal(component) + 1);
        return new ClusterState(spec, deletion, members, next, initialized, leadership, progress, lastEventId);
    }

    ClusterState markedInitialized() {
        return new ClusterState(spec, deletion, members, nextOrdinals, true, leadership, progress, lastEventId);
    }

    ClusterState withLeadership(Leadership newLeadership) {
        return new ClusterState(
                spec, deletion, members, nextOrdinals, initialized, newLeadership, progress, lastEventId);
    }

    ClusterState withProgress(List<StepProgress> newProgress) {
        return new ClusterState(
                spec, deletion, members, nextOrdinals, initialized, leadership, newProgress, lastEventId);
    }

    /**
     * With the next {@code count} event ids reserved: {@link #lastEventId()} of the result is the last of them. An
     * operator hands them out one by one without writing the state again; one that starts later begins above them.
     */
    ClusterState withEventIdsReserved(int count) {
        return new ClusterState(
                spec, deletion, members, nextOrdinals, initialized, leadership, progress, lastEventId + count);
    }
}
