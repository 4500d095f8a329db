package dev.marina.bench;

import dev.marina.testkit.kubernetes.mockserver.IndexedMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Collectors;

/**
 * Which CRUD store the bench's mock API server keeps its objects in. fabric8's tests every stored object against every
 * request, so its time per request grows with the objects stored and a thousand clusters' objects take minutes to
 * write; the testkit's indexed store answers the same (its contract tests and the operator's tier-2 scenarios check
 * that) but finds the few objects a request can match through an index.
 */
enum MockApiStore {
    INDEXED("indexed"),
    FABRIC8("fabric8");

    private final String option;

    MockApiStore(String option) {
        this.option = option;
    }

    /** The name {@code --store} takes. */
    String option() {
        return option;
    }

    /** The dispatcher fabric8's mock server answers with, {@code responses} being its expectations. */
    Dispatcher dispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        return switch (this) {
            case INDEXED -> new IndexedMixedDispatcher(responses);
            case FABRIC8 -> new KubernetesMixedDispatcher(responses);
        };
    }

    static MockApiStore parse(String option) {
        for (MockApiStore store : values()) {
            if (store.option.equals(option)) {
                return store;
            }
        }
        throw new IllegalArgumentException("--store takes " + names() + ", not " + option);
    }

    static String names() {
        return Arrays.stream(values()).map(MockApiStore::option).collect(Collectors.joining(" or "));
    }
}
