package dev.marina.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The CPU time a process has used, user plus system, from {@code /proc/PID/stat}: for a process with many threads
 * (a JVM's event loops, garbage collector and compiler) it is the sum over all of them, which is what a proxy costs.
 * The kernel counts in clock ticks (usually 10 ms), so a measurement needs runs of seconds to be precise.
 */
final class ProcessCpu {

    /** After the ')' that ends the process name: field 3 (state) is index 0, so utime (14) and stime (15) are 11, 12. */
    private static final int USER_TIME = 11;

    private static final int SYSTEM_TIME = 12;

    private final long microsecondsPerTick;

    private ProcessCpu(long ticksPerSecond) {
        this.microsecondsPerTick = 1_000_000 / ticksPerSecond;
    }

    /** Asks the system for its clock tick rate once. */
    static ProcessCpu ofThisSystem() throws IOException, InterruptedException {
        String ticks = Shell.run(List.of("getconf", "CLK_TCK"), Map.of(), null).strip();
        return new ProcessCpu(Long.parseLong(ticks));
    }

    /** User plus system time of {@code pid} so far, in microseconds. */
    long microseconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The process name in parentheses may itself hold spaces and parentheses; what follows the last ')' does not.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[USER_TIME]) + Long.parseLong(fields[SYSTEM_TIME]);
        return ticks * microsecondsPerTick;
    }
}
