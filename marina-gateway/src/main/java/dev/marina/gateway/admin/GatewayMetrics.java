package dev.marina.gateway.admin;

import static java.util.concurrent.TimeUnit.NANOSECONDS;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** The gateway's Prometheus metrics (names under {@code marina_gateway_}), and the counts the admin view shows. */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter clientConnections;
    // Updated for every transaction, on the event loop: counted there, read by Micrometer at scrape time.
    private final LoopCounter transactions = new LoopCounter();
    private final LoopCounter routedWrites = new LoopCounter();
    private final LoopCounter routedReads = new LoopCounter();
    private final LoopCounter readsOnPrimary = new LoopCounter();
    private final LoopCounter waits = new LoopCounter();
    private final LoopCounter waitedNanos = new LoopCounter();
    private final Counter authenticationFailures;
    private final Counter protocolErrors;
    private final Counter clientErrors;
    private final Counter serverConnectionsLost;

    public GatewayMetrics(String gateway) {
        registry.config().commonTags("gateway", gateway);
        clientConnections = Counter.builder("marina.gateway.client.connections")
                .description("client connections accepted")
                .register(registry);
        FunctionCounter.builder("marina.gateway.transactions", transactions, LoopCounter::get)
                .description("transactions (or session-pooled statements) completed")
                .register(registry);
        FunctionCounter.builder("marina.gateway.routed", routedWrites, LoopCounter::get)
                .tag("to", "primary")
                .description("transactions routed, by where they went")
                .register(registry);
        FunctionCounter.builder("marina.gateway.routed", routedReads, LoopCounter::get)
                .tag("to", "replica")
                .register(registry);
        FunctionCounter.builder("marina.gateway.routed", readsOnPrimary, LoopCounter::get)
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
        FunctionTimer.builder(
                        "marina.gateway.wait",
                        this,
                        GatewayMetrics::waitCount,
                        GatewayMetrics::waitedNanos,
                        NANOSECONDS)
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
        transactions.add(1);
    }

    public void routedWrite() {
        routedWrites.add(1);
    }

    public void routedRead(boolean onPrimary) {
        (onPrimary ? readsOnPrimary : routedReads).add(1);
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

    /** A transaction got its server connection after {@code nanos} (0 when one was idle). */
    public void waited(long nanos) {
        waits.add(1);
        waitedNanos.add(nanos);
    }

    public double transactions() {
        return transactions.get();
    }

    public double writes() {
        return routedWrites.get();
    }

    public double reads() {
        return routedReads.get() + readsOnPrimary.get();
    }

    private long waitCount() {
        return waits.get();
    }

    private double waitedNanos() {
        return waitedNanos.get();
    }

    public String scrape() {
        return registry.scrape();
    }
}
