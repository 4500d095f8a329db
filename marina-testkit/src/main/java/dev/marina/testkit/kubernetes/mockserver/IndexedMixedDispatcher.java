package dev.marina.testkit.kubernetes.mockserver;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mixed dispatcher (what {@code @EnableKubernetesMockClient(crud = true)} runs) with the indexed store: a
 * request a test set an expectation for ({@code server.expect()}) is answered by fabric8's own expectation
 * dispatcher, every other one by {@link IndexedCrudDispatcher} instead of fabric8's store, which fabric8's class keeps
 * in a private field.
 */
public final class IndexedMixedDispatcher extends KubernetesMixedDispatcher {

    private final Map<ServerRequest, Queue<ServerResponse>> responses;
    private final IndexedCrudDispatcher store = new IndexedCrudDispatcher();

    /** {@code responses}: the expectations, the same map the mock server is given. */
    public IndexedMixedDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
        super(requireNonNull(responses, "responses is null"));
        this.responses = responses;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> expected =
                responses.get(new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        if (expected != null && !expected.isEmpty()) {
            return super.dispatch(request);
        }
        return store.dispatch(request);
    }

    @Override
    public void reset() {
        store.reset();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext definition) {
        store.expectCustomResource(definition);
    }
}
