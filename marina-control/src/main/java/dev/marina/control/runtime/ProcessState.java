package dev.marina.control.runtime;

import static java.util.Objects.requireNonNull;

/**
 * Whether a member's process runs, and its process id when it does.
 *
 * @param instance what tells this process from every earlier one of the member: its process id on one machine; on
 *     Kubernetes the pod's uid with it, as a new pod's processes start from the same ids again. Empty when stopped.
 */
public record ProcessState(boolean running, long pid, String instance, String detail) {

    public ProcessState {
        requireNonNull(instance, "instance is null");
        requireNonNull(detail, "detail is null");
    }

    public static ProcessState running(long pid) {
        return running(pid, Long.toString(pid));
    }

    public static ProcessState running(long pid, String instance) {
        return new ProcessState(true, pid, instance, "");
    }

    public static ProcessState stopped(String detail) {
        return new ProcessState(false, 0, "", detail);
    }
}
