package dev.marina.testkit.chaos;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Kills and freezes processes, and records each fault once it is in effect.
 *
 * <p>A member is a tree of processes, and signalling its process group is not enough: PostgreSQL makes every child of
 * the postmaster lead a process group of its own ({@code setsid()} in {@code InitPostmasterChild}), so
 * {@code kill -STOP -- -<postmaster>} stops the postmaster alone while its backends keep committing on the
 * connections they have. The tree faults therefore signal the root first (and the group it leads, for engines whose
 * children stay in it), which stops it from forking, then every descendant.
 */
public final class ProcessFaults {

    private static final long KILL_TIMEOUT_SECONDS = 10;
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STATE_POLL_INTERVAL = Duration.ofMillis(1);

    private final FaultLog log;

    public ProcessFaults(FaultLog log) {
        this.log = requireNonNull(log, "log is null");
    }

    /** SIGKILL to one process; its children survive it, as PostgreSQL's backends briefly outlive their postmaster. */
    public Fault kill9(long pid) {
        requireOutsideThisProcess(pid);
        ProcessHandle process =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("there is no process " + pid));
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("could not send SIGKILL to process " + pid);
        }
        return log.record("kill -9 of process " + pid);
    }

    /** SIGKILL to a process and all its descendants at once, as if their machine lost power. */
    public Fault kill9Tree(long pid) {
        requireOutsideThisProcess(pid);
        // Stopped first, so that it cannot fork or reap while its descendants are listed and killed, and so that
        // they are still its descendants (a dead parent's children move to init).
        signal("STOP", List.of(root(pid)), false);
        List<Long> tree = tree(pid);
        signal("KILL", targets(tree.subList(1, tree.size())), true);
        signal("KILL", List.of(root(pid)), false);
        awaitEach(tree, ProcessStatus::dead, "dead");
        return log.record("kill -9 of process tree " + pid);
    }

    /** SIGSTOP to a process and all its descendants: the member hangs while its sockets stay open. */
    public Fault freeze(long pid) {
        requireOutsideThisProcess(pid);
        signal("STOP", List.of(root(pid)), false);
        List<Long> tree = tree(pid);
        signal("STOP", targets(tree.subList(1, tree.size())), true);
        awaitEach(tree, ProcessStatus::stopped, "stopped");
        return log.record("freeze of process tree " + pid);
    }

    /** SIGCONT to a process and all its descendants, ending a {@link #freeze}. */
    public Fault thaw(long pid) {
        requireOutsideThisProcess(pid);
        String root = root(pid);
        List<Long> tree = tree(pid);
        // The descendants first: a postmaster that resumes before its backends may judge them unresponsive.
        signal("CONT", targets(tree.subList(1, tree.size())), true);
        signal("CONT", List.of(root), false);
        awaitEach(tree, status -> !status.stopped(), "running");
        return log.record("thaw of process tree " + pid);
    }

    /** Refuses this JVM and its ancestors: a scenario that passes a wrong pid must not stop the test or the build. */
    static void requireOutsideThisProcess(long pid) {
        Optional<ProcessHandle> process = Optional.of(ProcessHandle.current());
        while (process.isPresent()) {
            if (process.get().pid() == pid) {
                throw new IllegalStateException(
                        "process " + pid + " is this test or one of its ancestors; refusing to signal it");
            }
            process = process.get().parent();
        }
    }

    /** The process, or the whole group when it leads one. */
    private static String root(long pid) {
        ProcessStatus status =
                ProcessStatus.of(pid).orElseThrow(() -> new IllegalStateException("there is no process " + pid));
        return status.processGroupId() == pid ? "-" + pid : Long.toString(pid);
    }

    /** The process, then its descendants. */
    private static List<Long> tree(long pid) {
        List<Long> tree = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants)
                .forEach(descendant -> tree.add(descendant.pid()));
        return tree;
    }

    private static List<String> targets(List<Long> pids) {
        return pids.stream().map(pid -> Long.toString(pid)).toList();
    }

    /**
     * Waits until every process that still exists is in the wanted state: a signal takes effect asynchronously, and a
     * fault must be recorded once it is in effect.
     */
    private static void awaitEach(List<Long> pids, Predicate<ProcessStatus> wanted, String state) {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        for (long pid : pids) {
            // A process that exited meanwhile counts: it may stay a zombie while its parent is stopped.
            while (!ProcessStatus.of(pid)
                    .map(status -> status.dead() || wanted.test(status))
                    .orElse(true)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "process " + pid + " was not " + state + " within " + STATE_TIMEOUT);
                }
                LockSupport.parkNanos(STATE_POLL_INTERVAL.toNanos());
            }
        }
    }

    /** Runs kill(1): the JDK can send neither SIGSTOP nor SIGCONT, nor signal a group. */
    private static void signal(String signal, List<String> targets, boolean someMayHaveExited) {
        if (targets.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-s", signal, "--"));
        command.addAll(targets);
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            // A backend may exit between being listed and being signalled; that is no failure.
            boolean onlyExited = someMayHaveExited && output.lines().allMatch(line -> line.contains("No such process"));
            if (kill.exitValue() != 0 && !onlyExited) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed with exit code " + kill.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
