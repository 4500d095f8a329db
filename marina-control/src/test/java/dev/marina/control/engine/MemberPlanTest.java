package dev.marina.control.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.control.engine.MemberPlan.PlannedFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemberPlanTest {

    private static final List<String> COMMAND = List.of("/usr/bin/db", "-D", "/m/conf");
    private static final Map<String, String> ENVIRONMENT = Map.of("LANG", "C", "TZ", "UTC");
    private static final Map<String, PlannedFile> FILES = Map.of(
            "/m/conf/db.conf", new PlannedFile("port = 5432\n", false),
            "/m/conf/pass", new PlannedFile("hunter2", true));
    private static final List<String> ABSENT = List.of("/m/data/standby.signal");

    /**
     * The hash of {@link #PLAN} since it has two parts; it must never change for the same plan. (The one-part hash
     * before it was "0086cb908c6ca20c": the change reconfigured every member once, see docs/architecture.md.)
     */
    private static final String GOLDEN_HASH = "fec73c6d9c8e5550.deb262610a52b297";

    private static final MemberPlan PLAN = new MemberPlan(COMMAND, ENVIRONMENT, FILES, ABSENT, "INT");

    @Test
    void equalPlansHaveEqualHashes() {
        // Built in another order: the hash depends on the content, not on how the maps were filled.
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("TZ", "UTC");
        environment.put("LANG", "C");
        Map<String, PlannedFile> files = new LinkedHashMap<>();
        files.put("/m/conf/pass", new PlannedFile("hunter2", true));
        files.put("/m/conf/db.conf", new PlannedFile("port = 5432\n", false));

        MemberPlan same = new MemberPlan(List.copyOf(COMMAND), environment, files, List.copyOf(ABSENT), "INT");

        assertThat(same.hash()).isEqualTo(PLAN.hash());
        assertThat(PLAN.hash()).isEqualTo(PLAN.hash());
    }

    @Test
    void hashIsStableAcrossVersionsOfTheCode() {
        // A different digest for the same plan after an upgrade would reconfigure every member of every cluster.
        assertThat(PLAN.hash()).matches("[0-9a-f]{16}\\.[0-9a-f]{16}").isEqualTo(GOLDEN_HASH);
    }

    @Test
    void aChangeOfFilesAloneIsToldApartFromAChangeTheProcessMustRestartFor() {
        Map<String, PlannedFile> files = new LinkedHashMap<>(FILES);
        files.put("/m/conf/db.conf", new PlannedFile("port = 5433\n", false));
        MemberPlan newFiles = new MemberPlan(COMMAND, ENVIRONMENT, files, ABSENT, "INT");
        MemberPlan newCommandAndFiles = new MemberPlan(List.of("/usr/bin/db2"), ENVIRONMENT, files, ABSENT, "INT");
        MemberPlan newSignal = new MemberPlan(COMMAND, ENVIRONMENT, FILES, ABSENT, "TERM");

        assertThat(MemberPlan.onlyFilesDiffer(PLAN.hash(), newFiles.hash())).isTrue();
        assertThat(MemberPlan.onlyFilesDiffer(PLAN.hash(), newCommandAndFiles.hash()))
                .isFalse();
        assertThat(MemberPlan.onlyFilesDiffer(PLAN.hash(), newSignal.hash())).isFalse();
        assertThat(MemberPlan.onlyFilesDiffer(PLAN.hash(), PLAN.hash()))
                .as("nothing differs")
                .isFalse();
        assertThat(MemberPlan.onlyFilesDiffer("0086cb908c6ca20c", newFiles.hash()))
                .as("a hash stored before it had two parts")
                .isFalse();
        assertThat(MemberPlan.onlyFilesDiffer("", newFiles.hash()))
                .as("never applied")
                .isFalse();
    }

    @Test
    void hashChangesWithAFileContent() {
        Map<String, PlannedFile> files = new LinkedHashMap<>(FILES);
        files.put("/m/conf/db.conf", new PlannedFile("port = 5433\n", false));

        assertThat(new MemberPlan(COMMAND, ENVIRONMENT, files, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
    }

    @Test
    void hashChangesWithASecretFileContent() {
        Map<String, PlannedFile> files = new LinkedHashMap<>(FILES);
        files.put("/m/conf/pass", new PlannedFile("rotated", true));

        assertThat(new MemberPlan(COMMAND, ENVIRONMENT, files, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
    }

    @Test
    void hashChangesWithAFileAddedOrMoved() {
        Map<String, PlannedFile> added = new LinkedHashMap<>(FILES);
        added.put("/m/conf/extra.conf", new PlannedFile("", false));
        Map<String, PlannedFile> moved = new LinkedHashMap<>(FILES);
        moved.put("/m/conf/other.conf", moved.remove("/m/conf/db.conf"));

        assertThat(new MemberPlan(COMMAND, ENVIRONMENT, added, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
        assertThat(new MemberPlan(COMMAND, ENVIRONMENT, moved, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
    }

    @Test
    void hashChangesWithTheCommand() {
        assertThat(new MemberPlan(List.of("/usr/bin/db", "-D", "/m/conf2"), ENVIRONMENT, FILES, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
        assertThat(new MemberPlan(List.of("/usr/bin/db", "-D"), ENVIRONMENT, FILES, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
    }

    @Test
    void hashChangesWhereTheCommandsArgumentsAreSplit() {
        MemberPlan split = new MemberPlan(List.of("a", "b c"), Map.of(), Map.of(), List.of(), "INT");
        MemberPlan joined = new MemberPlan(List.of("a b", "c"), Map.of(), Map.of(), List.of(), "INT");

        assertThat(split.hash()).isNotEqualTo(joined.hash());
    }

    @Test
    void hashChangesWithTheEnvironment() {
        assertThat(new MemberPlan(COMMAND, Map.of("LANG", "C", "TZ", "CET"), FILES, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
        assertThat(new MemberPlan(COMMAND, Map.of("LANG", "C"), FILES, ABSENT, "INT").hash())
                .isNotEqualTo(PLAN.hash());
    }

    @Test
    void hashChangesWithAnAbsentFile() {
        assertThat(new MemberPlan(COMMAND, ENVIRONMENT, FILES, List.of(), "INT").hash())
                .isNotEqualTo(PLAN.hash());
        assertThat(new MemberPlan(COMMAND, ENVIRONMENT, FILES, List.of("/m/data/other.signal"), "INT").hash())
                .isNotEqualTo(PLAN.hash());
    }

    @Test
    void fileThatMustBeAbsentDiffersFromAnEmptyFileThatMustExist() {
        // A replica has an empty standby.signal, a primary must not: the two plans must not look the same.
        MemberPlan replica = new MemberPlan(
                COMMAND, Map.of(), Map.of("/m/data/standby.signal", new PlannedFile("", false)), List.of(), "INT");
        MemberPlan primary = new MemberPlan(COMMAND, Map.of(), Map.of(), List.of("/m/data/standby.signal"), "INT");

        assertThat(replica.hash()).isNotEqualTo(primary.hash());
    }

    @Test
    void secretFileContentNeverShowsInTheFileDescription() {
        assertThat(new PlannedFile("hunter2", true).toString()).doesNotContain("hunter2");
        assertThat(PLAN.toString()).doesNotContain("hunter2");
    }
}
