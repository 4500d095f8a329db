package dev.marina.gateway.admin;

import java.util.List;
import java.util.Map;

/** What the admin endpoint shows and does; implemented over the event loop's state. */
public interface AdminView {

    Map<String, Object> health();

    List<Map<String, Object>> pools();

    List<Map<String, Object>> clients();

    List<Map<String, Object>> servers();

    Map<String, Object> stats();

    /**
     * Holds new writes for up to {@code timeoutMillis} (or until resumed), waits up to {@code drainMillis} until no
     * transaction runs on the primary, and says whether.
     */
    Map<String, Object> pause(long timeoutMillis, long drainMillis);

    Map<String, Object> resume();
}
