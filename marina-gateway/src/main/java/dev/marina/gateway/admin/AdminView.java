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

    /** Holds new writes, waits (up to the timeout) until no transaction runs on the primary, and says whether. */
    Map<String, Object> pause(long timeoutMillis);

    Map<String, Object> resume();
}
