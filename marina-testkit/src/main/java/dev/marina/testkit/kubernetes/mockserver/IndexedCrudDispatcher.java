package dev.marina.testkit.kubernetes.mockserver;

import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.PLURAL;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD store ({@link KubernetesCrudDispatcher}, mock API server 7.5) with an index over its keys, so that a
 * request reads the few stored objects it can match instead of all of them. fabric8's store is a map from each
 * object's attributes (plural, namespace, name, labels...) to its JSON; every get, list, create, update, patch and
 * delete tests every key in it against the request's attributes, so with thousands of objects each request costs
 * milliseconds and writing N objects costs N² tests.
 *
 * <p>How it stays fabric8's store: it is fabric8's class with the map, the handlers for create, update and patch
 * (resourceVersion and generation, status subresource, merge and JSON patches, 409 on a stale resourceVersion), the
 * watch events and the custom resource definitions all fabric8's own. Overridden are only the places that read the map
 * by going through all of it: {@link #findResource} (the handlers' lookup), and get, list and delete, whose fabric8 code
 * is one private method; that method is repeated here ({@code answer}, {@code markOrDelete}) with the index's
 * candidates in place of the whole map, in the map's order, each still tested with fabric8's {@link
 * AttributeSet#matches}. The index learns of every change to the map in {@link #processEvent}, the one method through
 * which fabric8's handlers change it (and {@link #reset}).
 *
 * <p>Why not swap the map itself for an indexed one: it is a final field that fabric8 sets where it declares it (only
 * reflection could replace it, which the JDK is closing for final fields), and the loops over it are fabric8's, which a
 * map, indexed or not, cannot shorten: they ask it for every entry.
 *
 * <p>Locking: fabric8's own lock is private, and get, list and delete no longer pass through fabric8's methods that
 * take it, so this class takes its own read-write lock around every request (and fabric8's still takes its own inside
 * the handlers). The one other reader of the map, a new watch sending the objects it starts with, is wrapped in the
 * same lock ({@link GuardedWatchListener}).
 *
 * <p>What it does not change: a new watch still reads every stored object once (fabric8's listener does it when the
 * watch opens), and a path fabric8 finds no plural in (such as {@code /apis}) or a name of "*" reads the whole map, as
 * fabric8's does.
 */
public final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    /** fabric8's CustomResourceDefinitionProcessor answers API discovery for a path like this one, and only then. */
    private static final Pattern API_RESOURCES_PATH =
            Pattern.compile("/apis(/(?<group>[a-zA-Z0-9-_.]+))?(/(?<version>[a-zA-Z0-9-_]+))");

    private final ReadWriteLock guard = new ReentrantReadWriteLock();
    private final StoreIndex index = new StoreIndex();
    private final KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
    private final KubernetesResponseComposer composer = (KubernetesResponseComposer) responseComposer;

    /** fabric8's resourceVersion counter is private; every value it hands out passes {@link #requestResourceVersion}. */
    private final AtomicLong lastResourceVersion = new AtomicLong();

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return holding(guard.writeLock(), () -> super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return holding(guard.writeLock(), () -> super.handleUpdate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return holding(guard.writeLock(), () -> super.handlePatch(request));
    }

    @Override
    public MockResponse handleGet(String path) {
        return holding(guard.readLock(), () -> {
            if (isWatch(path)) {
                return super.handleGet(path);
            }
            AttributeSet query = attributeExtractor.fromPath(path);
            if (!query.containsKey(NAME)
                    && API_RESOURCES_PATH.matcher(path).matches()
                    && matching(query).isEmpty()) {
                // API discovery: fabric8's processor of custom resource definitions answers it, and it is private.
                return super.handleGet(path);
            }
            return answer(path, query, false);
        });
    }

    @Override
    public MockResponse handleDelete(String path) {
        return holding(guard.writeLock(), () -> answer(path, attributeExtractor.fromPath(path), true));
    }

    /** A new watch's listener sends the objects it starts with from the map, so it reads under the same lock. */
    @Override
    public MockResponse handleWatch(String path) {
        MockResponse response = super.handleWatch(path);
        return response.withWebSocketUpgrade(
                new GuardedWatchListener(response.getWebSocketListener(), guard.readLock()));
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        // fabric8's handlers call this with the lock held; the first match in the map's order, as fabric8's findFirst.
        for (AttributeSet key : candidates(attributes)) {
            if (key.matches(attributes)) {
                return new AbstractMap.SimpleImmutableEntry<>(key, map.get(key));
            }
        }
        return null;
    }

    @Override
    public long requestResourceVersion() {
        long version = super.requestResourceVersion();
        lastResourceVersion.accumulateAndGet(version, Math::max);
        return version;
    }

    @Override
    public void processEvent(
            String path,
            AttributeSet pathAttributes,
            AttributeSet oldAttributes,
            GenericKubernetesResource resource,
            String newState) {
        AttributeSet newAttributes = newState == null ? null : newKey(pathAttributes, resource, newState);
        try {
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        } finally {
            // fabric8 removes the old key first and then puts the new one, so that a changed object moves to the end
            // of the map's order even when its attributes did not change; the index does the same, and follows the
            // map wherever fabric8's code stopped if it failed.
            if (oldAttributes != null) {
                index.remove(oldAttributes);
            }
            if (newAttributes != null && map.containsKey(newAttributes)) {
                index.add(newAttributes);
            }
        }
        if (newAttributes != null && !map.containsKey(newAttributes)) {
            throw new IllegalStateException("the indexed mock API server stored " + newAttributes
                    + " under other attributes than fabric8's store; its key derivation no longer matches fabric8's");
        }
    }

    @Override
    public void reset() {
        holding(guard.writeLock(), () -> {
            super.reset();
            index.clear();
            return null;
        });
    }

    /** The map, read-only: a change made to it directly would not reach the index. */
    @Override
    public Map<AttributeSet, String> getMap() {
        return Collections.unmodifiableMap(map);
    }

    /** Not reached over HTTP (fabric8's Kubernetes store answers through its handlers); it would bypass the index. */
    @Override
    public MockResponse handleCreate(String path, String body) {
        throw new UnsupportedOperationException("the indexed mock API server takes creates over HTTP only");
    }

    /** Not reached over HTTP (fabric8's Kubernetes store answers through its handlers); it would bypass the index. */
    @Override
    public MockResponse handleUpdate(String path, String body) {
        throw new UnsupportedOperationException("the indexed mock API server takes updates over HTTP only");
    }

    /** Not reached over HTTP (fabric8's Kubernetes store answers through its handlers); it would bypass the index. */
    @Override
    public MockResponse handlePatch(String path, String body) {
        throw new UnsupportedOperationException("the indexed mock API server takes patches over HTTP only");
    }

    /**
     * fabric8's private {@code handle(path, eventProcessor)} for get, list and delete: the objects matching the path,
     * one (200, or 404 when there is none) when it names one, else a List with the store's resourceVersion.
     */
    private MockResponse answer(String path, AttributeSet query, boolean delete) {
        List<String> items = new ArrayList<>();
        for (AttributeSet key : matching(query)) {
            items.add(map.get(key));
            if (delete) {
                markOrDelete(path, query, key);
            }
        }
        MockResponse response = new MockResponse();
        if (query.containsKey(NAME)) {
            if (items.isEmpty()) {
                return response.setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
            }
            return response.setBody(items.get(0)).setResponseCode(HttpURLConnection.HTTP_OK);
        }
        return response.setBody(composer.compose(items, String.valueOf(lastResourceVersion.get())))
                .setResponseCode(HttpURLConnection.HTTP_OK);
    }

    /**
     * fabric8's private {@code processDelete}: an object without finalizers goes; one with finalizers is marked with a
     * deletionTimestamp (once) and stays until they are removed.
     */
    private void markOrDelete(String path, AttributeSet pathAttributes, AttributeSet key) {
        GenericKubernetesResource resource = Serialization.unmarshal(map.get(key), GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty()) {
            processEvent(path, pathAttributes, key, null, null);
            return;
        }
        if (resource.isMarkedForDeletion()) {
            return;
        }
        resource.getMetadata()
                .setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
        processEvent(path, pathAttributes, key, resource, Serialization.asJson(resource));
    }

    /** The stored keys matching {@code query}, in the map's order. */
    private List<AttributeSet> matching(AttributeSet query) {
        List<AttributeSet> matching = new ArrayList<>();
        for (AttributeSet key : candidates(query)) {
            if (key.matches(query)) {
                matching.add(key);
            }
        }
        return matching;
    }

    /** The keys that may match, in the map's order: the index's, or every key when it has nothing to look up. */
    private List<AttributeSet> candidates(AttributeSet query) {
        return index.candidates(query).orElseGet(() -> {
            synchronized (map) {
                return new ArrayList<>(map.keySet());
            }
        });
    }

    /** The key fabric8's processEvent stores {@code newState} under, derived the same way and before it does. */
    private AttributeSet newKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        AttributeSet attributes = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        // fabric8's corner case: a kind without a registered definition takes its plural from the path.
        return attributes.containsKey(PLURAL) ? attributes : AttributeSet.merge(pathAttributes, attributes);
    }

    /** fabric8's private detectWatchMode. */
    private static boolean isWatch(String path) {
        try {
            String query = new URI(path).getQuery();
            return query != null && !query.isEmpty() && query.contains("watch=true");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static <T> T holding(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
