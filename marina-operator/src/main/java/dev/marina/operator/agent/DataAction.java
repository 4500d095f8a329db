package dev.marina.operator.agent;

import java.time.Duration;
import java.util.Optional;

/**
 * The control core's {@link dev.marina.control.engine.MemberAgent} actions as the agent serves them: {@code POST
 * /data/<path>} with the member the operator acts for (and the source member for a clone or a rewind).
 */
enum DataAction {
    HAS_DATA("has-data", false, false, Duration.ofSeconds(30)),
    // initdb gets two minutes in the engine's agent.
    INITIALIZE("initialize", false, false, Duration.ofMinutes(3)),
    // pg_basebackup and pg_rewind get thirty minutes in the engine's agent: the client waits a little longer, so that
    // it hears the agent's own timeout rather than its own.
    CLONE("clone", true, true, Duration.ofMinutes(31)),
    WIPE("wipe", false, true, Duration.ofMinutes(5)),
    REWIND("rewind", true, true, Duration.ofMinutes(31)),
    STOPPED_POSITION("stopped-position", false, false, Duration.ofSeconds(30));

    private final String path;
    private final boolean needsSource;
    private final boolean refusedWhileRunning;
    private final Duration timeout;

    DataAction(String path, boolean needsSource, boolean refusedWhileRunning, Duration timeout) {
        this.path = path;
        this.needsSource = needsSource;
        this.refusedWhileRunning = refusedWhileRunning;
        this.timeout = timeout;
    }

    /** The last part of the action's path: {@code /data/clone}. */
    String path() {
        return path;
    }

    String fullPath() {
        return AgentProtocol.DATA + path;
    }

    boolean needsSource() {
        return needsSource;
    }

    /**
     * Whether the agent refuses the action while the engine runs: replacing or rewriting data under a running engine
     * corrupts it, whatever the caller believed about the member's state.
     */
    boolean refusedWhileRunning() {
        return refusedWhileRunning;
    }

    /** How long the operator's client waits for the answer. */
    Duration timeout() {
        return timeout;
    }

    static Optional<DataAction> ofPath(String path) {
        for (DataAction action : values()) {
            if (action.path.equals(path)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
