package dev.marina.engine.postgresql;

import java.io.IOException;
import java.util.List;

/** Signals the test sends the way an operator or a crash would: to one process, or to a whole process group. */
final class Signals {

    private Signals() {}

    /** {@code kill -9 <pid>}: the process dies without a chance to clean up. */
    static void kill(long pid) {
        send(List.of("kill", "-KILL", Long.toString(pid)));
    }

    /** {@code kill -STOP -- -<group>}: every process of the group freezes. */
    static void stopGroup(long group) {
        send(List.of("kill", "-STOP", "--", "-" + group));
    }

    /** {@code kill -STOP <pid>}, for each process still there: they freeze, as on a hung host. */
    static void stop(List<Long> pids) {
        for (long pid : pids) {
            try {
                send(List.of("kill", "-STOP", Long.toString(pid)));
            } catch (IllegalStateException e) {
                // A backend that served one query may be gone already; only a process still there must freeze.
                if (ProcessHandle.of(pid).isPresent()) {
                    throw e;
                }
            }
        }
    }

    private static void send(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
