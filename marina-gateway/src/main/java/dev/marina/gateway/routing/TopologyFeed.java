package dev.marina.gateway.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.marina.api.http.ClusterTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls the control plane's topology feed and hands each new version to the gateway. When the control plane is
 * down, the gateway keeps routing by the last version it heard (clients stay connected) and keeps asking.
 */
public final class TopologyFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyFeed.class);
    private static final Set<String> SERVING = Set.of("running", "streaming");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration RETRY = Duration.ofMillis(200);

    private final FeedAddress address;
    private final String token;
    private final Consumer<Topology> listener;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closed;
    private Thread thread;

    public TopologyFeed(FeedAddress address, String token, Consumer<Topology> listener) {
        this.address = requireNonNull(address, "address is null");
        this.token = token;
        this.listener = requireNonNull(listener, "listener is null");
    }

    public void start() {
        thread = Thread.ofVirtual().name("topology-feed").start(this::run);
    }

    private void run() {
        String version = null;
        boolean failing = false;
        while (!closed) {
            try {
                ClusterTopology topology = fetch(version);
                if (failing) {
                    LOG.info("topology feed {} answers again", address);
                    failing = false;
                }
                if (!topology.version().equals(version)) {
                    version = topology.version();
                    listener.accept(toTopology(topology));
                }
            } catch (IOException | RuntimeException e) {
                if (!failing) {
                    LOG.warn(
                            "topology feed {} does not answer ({}); routing by the last topology",
                            address,
                            e.toString());
                    failing = true;
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ClusterTopology fetch(String version) throws IOException, InterruptedException {
        String query = version == null
                ? ""
                : "?after=" + URLEncoder.encode(version, StandardCharsets.UTF_8) + "&waitMillis=" + WAIT.toMillis();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address.url() + query))
                .timeout(WAIT.plusSeconds(5))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return json.readValue(response.body(), ClusterTopology.class);
    }

    /** Only members that serve: a failed or starting member is no target, whatever its last role. */
    static Topology toTopology(ClusterTopology feed) {
        List<TopologyMember> members = feed.members().stream()
                .filter(member -> member.host() != null && member.role() != null)
                .filter(member -> SERVING.contains(member.state()))
                .map(member -> new TopologyMember(
                        member.name(),
                        member.host(),
                        member.port(),
                        "primary".equals(member.role()),
                        member.epoch() == null ? 0 : member.epoch(),
                        "primary".equals(member.role()) ? 0 : member.lagBytes() == null ? -1 : member.lagBytes(),
                        "primary".equals(member.role()) ? 0 : member.lagSeconds() == null ? -1 : member.lagSeconds()))
                .toList();
        return new Topology(feed.version(), members);
    }

    /** Waits before asking again, unless the feed is closed meanwhile. */
    private void pause() {
        try {
            stopped.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        stopped.countDown();
        if (thread != null) {
            thread.interrupt();
        }
    }
}
