package dev.marina.gateway.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The gateway's Prometheus metrics (names under {@code marina_gateway_}), and the counts the admin view shows. */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter clientConnections;
    private final Counter transactions;
    private final Counter routedWrites;
    private final Counter routedReads;
    private final Counter readsOnPrimary;
    private final Counter authenticationFailures;
    private final Counter protocolErrors;
    private final Counter clientErrors;
    private final Counter serverConnectionsLost;
    private final Timer waits;

    public GatewayMetrics(String gateway) {
        registry.config().commonTags("gateway", gateway);
        clientConnections = Counter.builder("marina.gateway.client.connections")
                .description("client connections accepted")
                .register(registry);
        transactions = Counter.builder("marina.gateway.transactions")
                .description("transactions (or session-pooled statements) completed")
                .register(registry);
        routedWrites = Counter.builder("marina.gateway.routed")
                .tag("to", "primary")
                .description("transactions routed, by where they went")
                .register(registry);
        routedReads =
                Counter.builder("marina.gateway.routed").tag("to", "replica").register(registry);
        readsOnPrimary = Counter.builder("marina.gateway.routed")
                .tag("to", "primary-fallback")
                .register(registry);
        authenticationFailures = Counter.builder("marina.gateway.errors")
                .tag("kind", "authentication")
                .description("errors by kind")
                .register(registry);
        protocolErrors =
                Counter.builder("marina.gateway.errors").tag("kind", "protocol").register(registry);
        clientErrors = Counter.builder("marina.gateway.errors")
                .tag("kind", "unavailable")
                .register(registry);
        serverConnectionsLost = Counter.builder("marina.gateway.errors")
                .tag("kind", "server-lost")
                .register(registry);
        waits = Timer.builder("marina.gateway.wait")
                .description("time transactions waited for a server connection")
                .register(registry);
    }

    /** A gauge read at scrape time (on the scraping thread: the supplier must be safe to call from there). */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value)
                .description(description)
                .register(registry);
    }

    public void clientConnected() {
        clientConnections.increment();
    }

    public void transactionDone() {
        transactions.increment();
    }

    public void routedWrite() {
        routedWrites.increment();
    }

    public void routedRead(boolean onPrimary) {
        (onPrimary ? readsOnPrimary : routedReads).increment();
    }

    public void authenticationFailed() {
        authenticationFailures.increment();
    }

    public void protocolError() {
        protocolErrors.increment();
    }

    public void unavailable() {
        clientErrors.increment();
    }

    public void serverLost() {
        serverConnectionsLost.increment();
    }

    public void waited(long nanos) {
        waits.record(nanos, TimeUnit.NANOSECONDS);
    }

    public double transactions() {
        return transactions.count();
    }

    public double writes() {
        return routedWrites.count();
    }

    public double reads() {
        return routedReads.count() + readsOnPrimary.count();
    }

    public String scrape() {
        return registry.scrape();
    }
}
