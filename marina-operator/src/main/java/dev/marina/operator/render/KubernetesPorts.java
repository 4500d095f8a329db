package dev.marina.operator.render;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ports a member listens on in its pod. Every pod has its own address, so no port is ever taken by another member:
 * each component's ports are numbered from 5432 (PostgreSQL's, which is what clients expect of the first port of a
 * PostgreSQL member or gateway) in the engine's order, and the agent listens on {@value #AGENT}.
 */
public final class KubernetesPorts {

    public static final String AGENT_NAME = "agent";

    /** Patroni's REST port: the port a PostgreSQL platform team already expects a member's manager on. */
    public static final int AGENT = 8008;

    static final int FIRST = 5432;

    /** A container port name: at most 15 lower-case letters, digits and single dashes, with one letter at least. */
    private static final Pattern PORT_NAME = Pattern.compile("^(?=.*[a-z])[a-z0-9]([a-z0-9]|-(?!-)){0,14}$");

    private KubernetesPorts() {}

    public static Map<String, Integer> assign(List<String> names) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : names) {
            if (!PORT_NAME.matcher(name).matches() || name.endsWith("-")) {
                throw new IllegalStateException("the engine's port name '" + name
                        + "' cannot name a container port (at most 15 lower-case letters, digits and dashes)");
            }
            if (name.equals(AGENT_NAME)) {
                throw new IllegalStateException("the engine's port name 'agent' is the agent's own");
            }
            ports.put(name, FIRST + ports.size());
        }
        return ports;
    }
}
