package dev.marina.testkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProcessFaultsTest {

    private final FaultLog log = new FaultLog();
    private final ProcessFaults faults = new ProcessFaults(log);
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void needsLinux() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux's /proc");
    }

    @AfterEach
    void killLeftovers() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void freezesThawsAndKillsAWholeProcessTree() throws Exception {
        // Shaped like a PostgreSQL member: a group leader (setsid) whose child leads a group of its own, as every
        // child of a postmaster does. Signalling the leader's group alone would miss the child.
        Process leader = start("setsid", "sh", "-c", "setsid sleep 300 & wait");
        long pid = leader.pid();
        await().until(() -> leads(pid) && leader.children().anyMatch(child -> leads(child.pid())));
        ProcessHandle child = leader.children().findAny().orElseThrow();

        Fault freeze = faults.freeze(pid);
        assertThat(stopped(pid)).isTrue();
        assertThat(stopped(child.pid())).isTrue();

        Fault thaw = faults.thaw(pid);
        await().until(() -> !stopped(pid) && !stopped(child.pid()));

        Fault kill = faults.kill9Tree(pid);
        await().until(() -> !leader.isAlive() && !child.isAlive());

        assertThat(log.faults()).containsExactly(freeze, thaw, kill);
        assertThat(freeze.description()).isEqualTo("freeze of process tree " + pid);
        assertThat(freeze.atNanos()).isLessThanOrEqualTo(thaw.atNanos());
    }

    @Test
    void freezesATreeWithAnExitedChildThatNobodyReaps() throws Exception {
        // A backend that exits as its postmaster is stopped stays a zombie, which no signal can stop. Here the child
        // exits at once and the parent, having become sleep(1), never reaps it.
        Process leader = start("setsid", "sh", "-c", "true & exec sleep 300");
        long pid = leader.pid();
        await().until(() -> leader.children()
                .anyMatch(child ->
                        ProcessStatus.of(child.pid()).map(ProcessStatus::dead).orElse(false)));

        faults.freeze(pid);

        assertThat(stopped(pid)).isTrue();
    }

    @Test
    void killsOneProcess() throws Exception {
        Process process = start("sleep", "300");

        Fault kill = faults.kill9(process.pid());

        assertThat(process.waitFor()).isEqualTo(137);
        assertThat(kill.description()).isEqualTo("kill -9 of process " + process.pid());
        assertThatThrownBy(() -> faults.kill9(process.pid()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("there is no process " + process.pid());
    }

    @Test
    void refusesThisProcessAndItsAncestors() {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();

        // Checked on the guard itself: a freeze that got past it would stop this very test.
        assertThatThrownBy(() -> ProcessFaults.requireOutsideThisProcess(self))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("process " + self + " is this test or one of its ancestors; refusing to signal it");
        assertThatThrownBy(() -> ProcessFaults.requireOutsideThisProcess(parent))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ProcessFaults.requireOutsideThisProcess(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAProcessThatIsGone() throws Exception {
        Process process = start("true");
        process.waitFor();

        assertThatThrownBy(() -> faults.freeze(process.pid()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("there is no process " + process.pid());
        assertThat(log.faults()).isEmpty();
    }

    private Process start(String... command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static boolean leads(long pid) {
        return ProcessStatus.of(pid)
                .map(status -> status.processGroupId() == pid)
                .orElse(false);
    }

    private static boolean stopped(long pid) {
        return ProcessStatus.of(pid).map(ProcessStatus::stopped).orElse(false);
    }
}
