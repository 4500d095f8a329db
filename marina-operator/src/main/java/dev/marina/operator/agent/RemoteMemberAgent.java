package dev.marina.operator.agent;

import static java.util.Objects.requireNonNull;

import dev.marina.control.engine.MemberAgent;
import dev.marina.control.member.MemberContext;
import java.util.OptionalLong;

/**
 * The control core's {@link MemberAgent} for a member in a pod: each action runs in the pod's agent, which runs the
 * engine's own agent code there. Failures arrive as {@link dev.marina.control.runtime.RuntimeFailure} with the agent's
 * message, so the core reacts as it does locally (a failed rewind: wipe and clone).
 */
public final class RemoteMemberAgent implements MemberAgent {

    private final PodAgentClient client;
    private final MemberContext member;

    public RemoteMemberAgent(PodAgentClient client, MemberContext member) {
        this.client = requireNonNull(client, "client is null");
        this.member = requireNonNull(member, "member is null");
    }

    @Override
    public boolean hasData() {
        return client.hasData(member);
    }

    @Override
    public void initialize() {
        client.initialize(member);
    }

    @Override
    public void cloneFrom(MemberContext source) {
        client.cloneFrom(member, requireNonNull(source, "source is null"));
    }

    @Override
    public void wipe() {
        client.wipe(member);
    }

    @Override
    public void rewindFrom(MemberContext source) {
        client.rewindFrom(member, requireNonNull(source, "source is null"));
    }

    @Override
    public OptionalLong stoppedPosition() {
        return client.stoppedPosition(member);
    }
}
