package dev.marina.bench;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * How pgbench reaches one target of the gateway benchmark, and the proxy process whose CPU time is charged to it (none
 * for the direct target). A proxy that could not even be set up carries the reason instead, which every cell then
 * records as its failure.
 */
record TargetEndpoint(GatewayTarget target, int port, Optional<ProxyProcess> proxy, Optional<String> unavailable) {

    static TargetEndpoint direct(int port) {
        return new TargetEndpoint(GatewayTarget.DIRECT, port, Optional.empty(), Optional.empty());
    }

    static TargetEndpoint proxy(GatewayTarget target, ProxyProcess proxy) {
        return new TargetEndpoint(target, proxy.port(), Optional.of(proxy), Optional.empty());
    }

    static TargetEndpoint unavailable(GatewayTarget target, String reason) {
        return new TargetEndpoint(target, -1, Optional.empty(), Optional.of(reason));
    }

    /** Starts the proxy if it does not run; empty when pgbench can connect, otherwise why not. */
    Optional<String> ready() {
        return unavailable.or(() -> proxy.flatMap(ProxyProcess::ensureRunning));
    }

    OptionalLong pid() {
        return proxy.map(process -> OptionalLong.of(process.pid())).orElse(OptionalLong.empty());
    }

    /** How the proxy ended, when it died: added to the error of the run it broke. */
    Optional<String> exitDescription() {
        return proxy.flatMap(ProxyProcess::exitDescription);
    }
}
