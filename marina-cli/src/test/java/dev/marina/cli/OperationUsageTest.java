package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Command lines {@code marina op} refuses before it asks the control plane anything: one line, exit 2. */
class OperationUsageTest extends FakeControlPlaneTest {

    @Test
    void opAloneSaysWhichOperationsThereAre() {
        assertRefused(
                marina.run("op"),
                "marina: say which operation: marina op switchover|restart|rebuild|decommission|scale NAME, or marina"
                        + " op cancel ID; see: marina op --help");
    }

    @Test
    void aRebuildNeedsTheMember() {
        assertRefused(
                marina.run("op", "rebuild", "demo"),
                "marina: missing required parameter: 'MEMBER'; see: marina op rebuild --help");
    }

    @Test
    void scaleNeedsTheComponent() {
        assertRefused(
                marina.run("op", "scale", "demo", "--replicas", "2"),
                "marina: missing required option: '--component=COMPONENT'; see: marina op scale --help");
    }

    @Test
    void scaleNeedsAtLeastOneReplica() {
        assertRefused(
                marina.run("op", "scale", "demo", "--component", "postgres", "--replicas", "0"),
                "marina: --replicas must be at least 1, got 0; to remove every member, delete the cluster: marina"
                        + " delete cluster demo; see: marina op scale --help");
    }

    @Test
    void replicasIsAWholeNumber() {
        CliRunner.Result result = marina.run("op", "scale", "demo", "--component", "postgres", "--replicas", "many");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'--replicas'").contains("'many'").contains("see: marina op scale --help");
        assertThat(controlPlane.requests()).isEmpty();
    }

    @Test
    void aDryRunHasNothingToWaitFor() {
        assertRefused(
                marina.run("op", "switchover", "demo", "--dry-run", "--wait"),
                "marina: --dry-run creates nothing to wait for; leave out --wait or --dry-run; see: marina op"
                        + " switchover --help");
    }

    @Test
    void aTimeoutWithoutWaitWouldBeIgnored() {
        assertRefused(
                marina.run("op", "restart", "demo", "--timeout=5m"),
                "marina: --timeout applies only to --wait; add --wait, or leave out --timeout; see: marina op restart"
                        + " --help");
    }

    @Test
    void forceIsOnlyWhereItApplies() {
        CliRunner.Result result = marina.run("op", "switchover", "demo", "--force");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("marina: unknown option: '--force'");
        assertThat(controlPlane.requests()).isEmpty();
    }

    @Test
    void aBadTimeoutNamesTheAcceptedForms() {
        CliRunner.Result result = marina.run("op", "restart", "demo", "--wait", "--timeout=soon");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("'soon' is not a duration; write e.g. 90s, 2m, 1m30s");
        assertThat(controlPlane.requests()).isEmpty();
    }

    private void assertRefused(CliRunner.Result result, String line) {
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo(line + "\n");
        assertThat(controlPlane.requests()).isEmpty();
    }
}
