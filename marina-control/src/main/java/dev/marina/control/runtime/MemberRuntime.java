package dev.marina.control.runtime;

import dev.marina.control.engine.Engine;
import dev.marina.control.engine.MemberAgent;
import dev.marina.control.engine.MemberPlan;
import dev.marina.control.member.MemberContext;
import dev.marina.control.member.MemberIdentity;
import dev.marina.control.member.MemberLayout;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where members live: local processes or Kubernetes pods. The control core speaks only this interface. Every method
 * is idempotent: starting a running member or stopping a stopped one does nothing.
 */
public interface MemberRuntime {

    /** {@code local} or {@code kubernetes}. */
    String name();

    /** Where the member's files live. */
    MemberLayout layout(MemberIdentity member);

    /** The host name or address clients use for the member. */
    String host(MemberIdentity member);

    /**
     * The host names and addresses clients reach {@code cluster}'s members at, named by the server certificate its
     * client-facing members serve TLS with: every member's {@link #host} must be among them (a wildcard such as {@code
     * *.orders.svc} may cover names of each member's own). The same for the cluster's whole life, so the certificate is
     * not issued again, and the members serving it restarted, as members come and go.
     */
    List<String> tlsHosts(String cluster);

    /** Gives the member one port per name, avoiding {@code reserved} and ports other programs hold. */
    Map<String, Integer> allocatePorts(MemberIdentity member, List<String> names, Collection<Integer> reserved);

    /** The agent acting on the member's data. */
    MemberAgent agent(Engine engine, MemberContext member);

    /** Whether the member's process runs, adopting one started by an earlier control plane. */
    ProcessState observe(MemberContext member);

    /** Writes the plan's files without starting or restarting anything. */
    void writeFiles(MemberContext member, MemberPlan plan);

    /** Writes the plan's files and starts the member; a member already running is left alone. */
    ProcessState start(MemberContext member, MemberPlan plan);

    /** Stops the member with the plan's stop signal, then kills it if it outlives the grace period. */
    void stop(MemberContext member, MemberPlan plan);

    /**
     * Stops the member at once, with everything it started, so that it can never accept another write as it was: for a
     * member declared failed (crashed, frozen or unreachable) before another is promoted in its place. Returns only
     * once nothing of it runs.
     *
     * @throws RuntimeFailure when that cannot be confirmed; the caller must then not promote another member
     */
    void fence(MemberContext member);

    /** Removes everything the member stored: data, configuration, logs. */
    void removeStorage(MemberIdentity member);

    /** Removes the directory that held all of a cluster's members. */
    void removeCluster(String cluster);

    /** The last lines of the member's log. */
    String logs(MemberIdentity member, int lines);

    /**
     * Secrets of the runtime's own that every cluster needs besides the engine's, generated and kept with them
     * (Kubernetes: the token the operator authenticates to the agents in the pods with). None on one machine.
     */
    default List<String> credentialNames() {
        return List.of();
    }

    /**
     * Whether members of different clusters share one address, so that a new member's ports must avoid every other
     * member's ({@link #allocatePorts}'s {@code reserved}): true on one machine; false where each member has an address
     * of its own (a pod).
     */
    default boolean sharesPorts() {
        return true;
    }

    /**
     * What the member's running process was started with that the runtime would now start it without, apart from the
     * engine's own settings (Kubernetes: a pod spec of another revision, after the image, resources or placement
     * changed). A restart applies it, so a rolling update restarts such a member. Empty when there is nothing, as for
     * a process on one machine.
     */
    default List<String> pendingReplacement(MemberContext member) {
        return List.of();
    }
}
