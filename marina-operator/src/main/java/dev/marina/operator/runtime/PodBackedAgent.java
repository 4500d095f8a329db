package dev.marina.operator.runtime;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberAgent;
import dev.marina.control.member.MemberContext;
import dev.marina.control.runtime.RuntimeFailure;
import dev.marina.operator.agent.RemoteMemberAgent;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The member's agent, which lives in its pod: the control core asks for data actions before it starts a member (it
 * initialises or clones the data, then starts the engine), so every action first makes sure the pod runs and its agent
 * answers. Whether a member has data is answered without a pod when its volume claim does not exist: no claim, no data,
 * and a new member's pod is not created just to say so. With a claim but no running pod it is not known: the question
 * is part of every look at the cluster, which must not wait minutes for a pod to be scheduled, so it fails at once and
 * the control core decides from what it recorded.
 */
final class PodBackedAgent implements MemberAgent {

    private final MemberContext member;
    private final BooleanSupplier claimExists;
    private final BooleanSupplier podRunning;
    private final Supplier<RemoteMemberAgent> reachable;

    /**
     * @param claimExists whether the member's volume claim exists
     * @param podRunning whether the member's pod runs now
     * @param reachable makes sure the pod runs and its agent answers, and returns the agent
     */
    PodBackedAgent(
            MemberContext member,
            BooleanSupplier claimExists,
            BooleanSupplier podRunning,
            Supplier<RemoteMemberAgent> reachable) {
        this.member = requireNonNull(member, "member is null");
        this.claimExists = requireNonNull(claimExists, "claimExists is null");
        this.podRunning = requireNonNull(podRunning, "podRunning is null");
        this.reachable = requireNonNull(reachable, "reachable is null");
    }

    @Override
    public boolean hasData() {
        if (!claimExists.getAsBoolean()) {
            return false;
        }
        if (!podRunning.getAsBoolean()) {
            throw new RuntimeFailure("the pod of " + member.name()
                    + " does not run: whether its volume holds data is not" + " known until it does");
        }
        return reachable.get().hasData();
    }

    @Override
    public void initialize() {
        reachable.get().initialize();
    }

    @Override
    public void cloneFrom(MemberContext source) {
        reachable.get().cloneFrom(requireNonNull(source, "source is null"));
    }

    @Override
    public void wipe() {
        reachable.get().wipe();
    }

    @Override
    public void rewindFrom(MemberContext source) {
        reachable.get().rewindFrom(requireNonNull(source, "source is null"));
    }

    @Override
    public OptionalLong stoppedPosition() {
        return reachable.get().stoppedPosition();
    }

    @Override
    public String toString() {
        return "the agent in pod " + member.name();
    }
}
