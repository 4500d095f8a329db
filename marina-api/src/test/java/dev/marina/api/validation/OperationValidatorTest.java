package dev.marina.api.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marina.api.OperationSpec;
import org.junit.jupiter.api.Test;

class OperationValidatorTest {

    @Test
    void wellFormedRequestsPass() {
        assertThatCode(() -> OperationValidator.validate(OperationSpec.of("pg", "switchover"), true))
                .doesNotThrowAnyException();
        assertThatCode(() -> OperationValidator.validate(
                        OperationSpec.of("pg", "decommission")
                                .withMember("pg-db-1")
                                .withKeepData(true),
                        true))
                .doesNotThrowAnyException();
        assertThatCode(() -> OperationValidator.validate(
                        OperationSpec.of("pg", "scale").withScale("db", 5).withForce(true), true))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnknownOrMissingTypeListsTheTypes() {
        assertThatThrownBy(() -> OperationValidator.validate(OperationSpec.of("pg", "reboot"), true))
                .hasMessageContaining("spec.type: 'reboot' is not an operation type; use one of switchover");
        assertThatThrownBy(() -> OperationValidator.validate(OperationSpec.of("pg", null), true))
                .hasMessageContaining("spec.type: missing");
    }

    @Test
    void aRollingUpdateIsTheControlPlanesOwn() {
        assertThatThrownBy(() -> OperationValidator.validate(OperationSpec.of("pg", "rolling-update"), true))
                .hasMessageContaining("use type restart without a member");
        assertThatCode(() -> OperationValidator.validate(OperationSpec.of("pg", "rolling-update"), false))
                .doesNotThrowAnyException();
    }

    @Test
    void requiredFieldsAreNamed() {
        assertThatThrownBy(() -> OperationValidator.validate(OperationSpec.of("pg", "rebuild"), true))
                .hasMessageContaining("spec.member: missing; name the member to rebuild");
        assertThatThrownBy(() -> OperationValidator.validate(OperationSpec.of("pg", "scale"), true))
                .hasMessageContaining("spec.component: missing")
                .hasMessageContaining("spec.replicas: missing");
        assertThatThrownBy(() -> OperationValidator.validate(
                        OperationSpec.of("pg", "scale").withScale("db", 0), true))
                .hasMessageContaining("spec.replicas: 0 is too few");
    }

    @Test
    void fieldsATypeIgnoresAreRefused() {
        assertThatThrownBy(() -> OperationValidator.validate(
                        OperationSpec.of("pg", "restart").withTo("pg-db-1"), true))
                .hasMessageContaining("spec.to: does not apply to a restart; leave it out");
        assertThatThrownBy(() -> OperationValidator.validate(
                        OperationSpec.of("pg", "switchover").withKeepData(true), true))
                .hasMessageContaining("spec.keepData: does not apply to a switchover");
    }

    @Test
    void theClusterNameIsChecked() {
        assertThatThrownBy(() -> OperationValidator.validate(OperationSpec.of("Bad_Name", "restart"), true))
                .hasMessageContaining("spec.cluster:");
        assertThatThrownBy(() -> OperationValidator.validate(null, true)).hasMessageContaining("spec: missing");
    }
}
