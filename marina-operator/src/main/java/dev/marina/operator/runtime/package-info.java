/**
 * The control core's {@link dev.marina.control.runtime.MemberRuntime} on Kubernetes: members are pods and volume
 * claims the runtime creates from the render package's objects, driven through the agent in each pod; roles are labels
 * it writes onto the pods from the status the control core computes.
 */
package dev.marina.operator.runtime;
