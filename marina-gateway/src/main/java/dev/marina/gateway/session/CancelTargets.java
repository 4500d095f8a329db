package dev.marina.gateway.session;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

/**
 * The process ids and cancel keys the gateway hands its clients, so that a cancel request arriving on a new
 * connection finds the session it is meant for. Confined to the event loop.
 */
public final class CancelTargets {

    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, ClientSession> sessions = new HashMap<>();

    int register(ClientSession session) {
        int processId;
        do {
            processId = random.nextInt(1, Integer.MAX_VALUE);
        } while (sessions.containsKey(processId));
        sessions.put(processId, session);
        return processId;
    }

    int newSecret() {
        return random.nextInt();
    }

    void unregister(int processId) {
        sessions.remove(processId);
    }

    ClientSession find(int processId) {
        return sessions.get(processId);
    }
}
