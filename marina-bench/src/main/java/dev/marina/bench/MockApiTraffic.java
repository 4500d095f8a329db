package dev.marina.bench;

import static java.util.Objects.requireNonNull;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mock API server's dispatcher, counted: requests and the time spent answering them, by client (its User-Agent)
 * and verb. The CRUD dispatcher answers under one lock and sends watch events from inside the write that caused
 * them, so its busy time against the wall clock says whether the mock server, rather than the operator, bounds the
 * benchmark.
 */
final class MockApiTraffic extends Dispatcher {

    private final Dispatcher delegate;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    MockApiTraffic(Dispatcher delegate) {
        this.delegate = requireNonNull(delegate, "delegate is null");
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        long start = System.nanoTime();
        try {
            return delegate.dispatch(request);
        } finally {
            long nanoseconds = System.nanoTime() - start;
            tallies.computeIfAbsent(key(request), key -> new Tally()).add(nanoseconds);
        }
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    /** Requests and busy time so far, by "client verb", sorted. */
    Map<String, Counts> counts() {
        Map<String, Counts> counts = new TreeMap<>();
        tallies.forEach((key, tally) -> counts.put(key, tally.counts()));
        return counts;
    }

    /** Forgets what was counted, so that a measurement starts at zero. */
    void reset() {
        tallies.clear();
    }

    private static String key(RecordedRequest request) {
        return client(request.getHeader("User-Agent")) + " " + verb(request);
    }

    /** The bench names its own clients; every other client is the operator's. */
    private static String client(String userAgent) {
        if (userAgent != null && userAgent.startsWith(MockApiServer.USER_AGENT_PREFIX)) {
            return userAgent.substring(MockApiServer.USER_AGENT_PREFIX.length());
        }
        return "operator";
    }

    /** The verb and the resource it is on: "GET pods", "PUT databaseclusters/status". */
    private static String verb(RecordedRequest request) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        String path = request.getPath();
        String withoutQuery = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String resource = resource(withoutQuery);
        if (!method.equals("GET")) {
            return method + " " + resource;
        }
        if (path.contains("watch=true")) {
            return "WATCH " + resource;
        }
        // A list's path ends with the plural (a query may follow); a get's with the object's name after it.
        return (isCollection(withoutQuery) ? "LIST " : "GET ") + resource;
    }

    /** The plural of the resource a path is on, with its subresource: "pods", "databaseclusters/status". */
    private static String resource(String path) {
        String[] segments = path.replaceAll("^/+", "").split("/");
        int start = segments[0].equals("api") ? 2 : 3;
        if (segments.length > start + 1 && segments[start].equals("namespaces")) {
            start += 2;
        }
        if (segments.length <= start) {
            return "?";
        }
        String plural = segments[start];
        return segments.length > start + 2 ? plural + "/" + segments[start + 2] : plural;
    }

    private static boolean isCollection(String path) {
        String[] segments = path.replaceAll("^/+", "").split("/");
        // /api/v1/{plural}, /api/v1/namespaces/{ns}/{plural}, /apis/{group}/{version}/{plural},
        // /apis/{group}/{version}/namespaces/{ns}/{plural}
        int start = segments[0].equals("api") ? 2 : 3;
        int remaining = segments.length - start;
        boolean namespaced = remaining >= 2 && segments[start].equals("namespaces");
        return namespaced ? remaining == 3 : remaining == 1;
    }

    /** Requests and time spent answering them. */
    record Counts(long requests, long nanoseconds) {}

    private static final class Tally {
        private final LongAdder requests = new LongAdder();
        private final LongAdder nanoseconds = new LongAdder();

        void add(long spent) {
            requests.increment();
            nanoseconds.add(spent);
        }

        Counts counts() {
            return new Counts(requests.sum(), nanoseconds.sum());
        }
    }
}
