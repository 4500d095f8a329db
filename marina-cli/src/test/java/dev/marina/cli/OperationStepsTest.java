package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.marina.api.DatabaseOperation;
import dev.marina.api.OperationStatus;
import dev.marina.api.OperationStep;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OperationStepsTest {

    private final DatabaseOperation restart = TestOperations.pending(
            "demo-restart-4", TestOperations.rollingRestartSpec(), TestOperations.rollingRestart(), null);

    @Test
    void thePositionIsTheLastStepThatBegan() {
        assertThat(OperationSteps.position(restart.status())).isEqualTo("0/4");
        assertThat(OperationSteps.position(
                        TestOperations.running(restart, 2, null).status()))
                .isEqualTo("3/4");
        assertThat(OperationSteps.position(TestOperations.succeeded(restart).status()))
                .isEqualTo("4/4");
        assertThat(OperationSteps.position(
                        TestOperations.failed(restart, 2, "no").status()))
                .isEqualTo("2/4");
    }

    @Test
    void stepsClosedUnstartedNeverBegan() {
        assertThat(OperationSteps.position(
                        TestOperations.cancelledBeforeStart(restart).status()))
                .isEqualTo("0/4");
    }

    @Test
    void anOperationWithoutStepsHasNoPosition() {
        assertThat(OperationSteps.position(OperationStatus.pending(List.of(), null, TestOperations.CREATED)))
                .isNull();
        assertThat(OperationSteps.position(null)).isNull();
    }

    @Test
    void thePlanAlignsItsNumbers() {
        List<OperationStep> steps = IntStream.rangeClosed(1, 10)
                .mapToObj(index -> OperationStep.planned(index, OperationStep.REMOVE, null, "step " + index))
                .toList();

        assertThat(OperationSteps.plan(steps).lines().toList())
                .startsWith("   1. step 1")
                .endsWith("   9. step 9", "  10. step 10");
    }

    @Test
    void aStepWithoutDescriptionShowsItsAction() {
        OperationStep bare = OperationStep.planned(1, OperationStep.RESIZE, null, null);

        assertThat(OperationSteps.plan(List.of(bare))).isEqualTo("  1. resize\n");
        assertThat(OperationSteps.label(bare, 3)).isEqualTo("step 1/3 resize");
    }
}
