package dev.marina.testkit.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as Linux's {@code /proc/<pid>/stat} describes it. The JDK tells neither a process's group nor whether it is
 * stopped, and both decide whether a signal to a group is safe and whether it worked.
 *
 * @param state the one-letter state: R running, S sleeping, T stopped, Z zombie, ...
 * @param processGroupId the process group the process belongs to
 */
record ProcessStatus(char state, long processGroupId) {

    /** The status of {@code pid}, empty when there is no such process. */
    static Optional<ProcessStatus> of(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the status of process " + pid + ": " + e.getMessage(), e);
        }
        // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses, so parse after the last
        // ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Optional.of(new ProcessStatus(fields[0].charAt(0), Long.parseLong(fields[2])));
    }

    /** Stopped by a signal, or by a debugger ('t'). */
    boolean stopped() {
        return state == 'T' || state == 't';
    }

    /** Gone but not yet reaped by its parent. */
    boolean dead() {
        return state == 'Z' || state == 'X';
    }
}
