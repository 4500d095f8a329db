/**
 * The agent in a member's pod: the container's first process, which copies the member's plan files into place,
 * supervises the engine and answers the operator over authenticated HTTP ({@link dev.marina.operator.agent.AgentMain});
 * and the operator's side of it ({@link dev.marina.operator.agent.RemoteMemberAgent}, {@link
 * dev.marina.operator.agent.PodAgentClient}). The data actions run the engine's own agent code, as the local runtime
 * runs it in-process.
 */
package dev.marina.operator.agent;
