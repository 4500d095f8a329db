package dev.marina.control.runtime;

/** Whether a member's process runs, and its process id when it does. */
public record ProcessState(boolean running, long pid, String detail) {

    public static ProcessState running(long pid) {
        return new ProcessState(true, pid, "");
    }

    public static ProcessState stopped(String detail) {
        return new ProcessState(false, 0, detail);
    }
}
