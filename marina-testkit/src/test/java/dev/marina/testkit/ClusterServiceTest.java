package dev.marina.testkit;

import static dev.marina.testkit.ControlPlane.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.marina.api.http.ApplyResult;
import dev.marina.api.validation.FieldError;
import dev.marina.api.validation.InvalidDocumentException;
import dev.marina.control.service.ConflictException;
import dev.marina.control.service.NotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterServiceTest {

    private final ControlPlane plane = new ControlPlane();

    @Test
    void fileWithOneInvalidDocumentChangesNothing() {
        String text = yaml("orders", 3, true, Map.of()) + "---\n" + yaml("billing", 0, false, Map.of());

        assertThatThrownBy(() -> plane.service.apply(text, false))
                .isInstanceOf(InvalidDocumentException.class)
                .satisfies(error -> assertThat(((InvalidDocumentException) error).errors())
                        .singleElement()
                        .satisfies(field -> {
                            assertThat(field.document()).contains("document 2").contains("billing");
                            assertThat(field.path()).isEqualTo("spec.components.db.replicas");
                        }));

        assertThat(plane.store.list()).isEmpty();
        assertThat(plane.triggered).isEmpty();
    }

    @Test
    void everyInvalidDocumentIsNamed() {
        String text = yaml("orders", 3, true, Map.of("port", "1")) + "---\n" + yaml("billing", 1, true, Map.of());

        assertThatThrownBy(() -> plane.service.apply(text, false))
                .isInstanceOf(InvalidDocumentException.class)
                .satisfies(error -> assertThat(((InvalidDocumentException) error).errors())
                        .extracting(FieldError::path)
                        .containsExactlyInAnyOrder("spec.components.db.config.port", "spec.availability.synchronous"));
        assertThat(plane.store.list()).isEmpty();
    }

    @Test
    void applyCreatesEveryDocumentAndTriggersAPass() {
        String text = yaml("orders", 3, true, Map.of()) + "---\n" + yaml("billing", 1, false, Map.of());

        ApplyResult result = plane.service.apply(text, false);

        assertThat(result.applied())
                .extracting(ApplyResult.Applied::name, ApplyResult.Applied::action, ApplyResult.Applied::generation)
                .containsExactly(tuple("orders", "created", 1L), tuple("billing", "created", 1L));
        assertThat(plane.store.list()).hasSize(2);
        assertThat(plane.triggered).containsExactly("orders", "billing");
        // Defaults are filled in before the spec is stored.
        assertThat(plane.service.get("billing").spec().version()).isEqualTo("2");
    }

    @Test
    void dryRunStoresNothing() {
        ApplyResult result = plane.service.apply(yaml("orders", 3, true, Map.of()), true);

        assertThat(result.applied())
                .singleElement()
                .extracting(ApplyResult.Applied::action)
                .isEqualTo("created (dry run)");
        assertThat(plane.store.list()).isEmpty();
        assertThat(plane.triggered).isEmpty();
    }

    @Test
    void sameDocumentTwiceIsUnchangedTheSecondTime() {
        String text = yaml("orders", 3, true, Map.of());

        ApplyResult first = plane.service.apply(text, false);
        ApplyResult second = plane.service.apply(text, false);

        assertThat(first.applied())
                .singleElement()
                .extracting(ApplyResult.Applied::action)
                .isEqualTo("created");
        assertThat(second.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.action()).isEqualTo("unchanged");
            assertThat(applied.generation()).isEqualTo(1L);
        });
        assertThat(plane.store.find("orders").orElseThrow().generation()).isEqualTo(1);
    }

    @Test
    void changedSpecIsConfiguredWithTheNextGeneration() {
        plane.service.apply(yaml("orders", 3, true, Map.of()), false);

        ApplyResult changed = plane.service.apply(yaml("orders", 5, true, Map.of()), false);

        assertThat(changed.applied()).singleElement().satisfies(applied -> {
            assertThat(applied.action()).isEqualTo("configured");
            assertThat(applied.generation()).isEqualTo(2L);
        });
        assertThat(plane.service.get("orders").spec().components().get("db").replicas())
                .isEqualTo(5);
    }

    @Test
    void deletionProtectionRefusesADeleteAndNamesTheField() {
        String text = yaml("orders", 3, true, Map.of()) + "  deletionProtection: true\n";
        plane.service.apply(text, false);
        plane.triggered.clear();

        assertThatThrownBy(() -> plane.service.delete("orders", true))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("spec.deletionProtection")
                .hasMessageContaining("orders");

        assertThat(plane.store.find("orders").orElseThrow().deleting()).isFalse();
        assertThat(plane.triggered).isEmpty();
    }

    @Test
    void deleteMarksTheClusterAndTriggersAPass() {
        plane.service.apply(yaml("orders", 3, true, Map.of()), false);

        plane.service.delete("orders", true);

        assertThat(plane.store.find("orders").orElseThrow().deleting()).isTrue();
        assertThat(plane.store.find("orders").orElseThrow().purge()).isTrue();
        assertThat(plane.triggered).endsWith("orders");
    }

    @Test
    void clusterBeingDeletedCannotBeApplied() {
        plane.service.apply(yaml("orders", 3, true, Map.of()), false);
        plane.service.delete("orders", false);

        assertThatThrownBy(() -> plane.service.apply(yaml("orders", 5, true, Map.of()), false))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("being deleted");
        assertThat(plane.service.get("orders").spec().components().get("db").replicas())
                .isEqualTo(3);
    }

    @Test
    void getOfAMissingClusterNamesIt() {
        assertThatThrownBy(() -> plane.service.get("nowhere"))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> plane.service.delete("nowhere", false))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> plane.service.events("nowhere", 10))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("nowhere");
    }

    @Test
    void connectionListsThePrimaryFirstAndStreamingReplicasFirstForReads() {
        plane.service.apply(yaml("orders", 3, true, Map.of()), false);
        plane.reconcileUntilReady("orders", 3);

        assertThat(plane.service.connection("orders", false).hosts())
                .first()
                .asString()
                .startsWith("orders-db-0:");
        assertThat(plane.service.connection("orders", true).hosts())
                .last()
                .asString()
                .startsWith("orders-db-0:");
    }

    @Test
    void connectionBeforeTheFirstPassIsAConflict() {
        plane.service.apply(yaml("orders", 3, true, Map.of()), false);

        assertThatThrownBy(() -> plane.service.connection("orders", false))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("marina wait cluster orders");
    }
}
