package dev.marina.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void alignsColumnsUnderUpperCaseHeaders() {
        Table table = Table.of(
                List.of("name", "ready", "primary"),
                List.of(Table.row("demo", "3/3", "demo-postgres-1"), Table.row("orders-db", "1/2", "orders-db-1")));

        assertThat(table.render()).isEqualTo("""
                        NAME        READY   PRIMARY
                        demo        3/3     demo-postgres-1
                        orders-db   1/2     orders-db-1
                        """);
    }

    @Test
    void printsMissingValuesAsADashAndNeverEndsALineWithBlanks() {
        Table table = Table.of(List.of("name", "phase", "primary"), List.of(Table.row("a", null, "")));

        assertThat(table.render()).isEqualTo("NAME   PHASE   PRIMARY\na      -       -\n");
    }

    @Test
    void keepsEachRowOnOneLine() {
        Table table = Table.of(List.of("name", "message"), List.of(Table.row("a", "first line\n  second line")));

        assertThat(table.render()).isEqualTo("NAME   MESSAGE\na      first line second line\n");
    }

    @Test
    void indentsEveryLine() {
        Table table = Table.of(List.of("type", "status"), List.of(Table.row("Ready", "True")));

        assertThat(table.render("  ")).isEqualTo("  TYPE    STATUS\n  Ready   True\n");
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> Table.of(List.of("a", "b"), List.of(Table.row("only one"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells")
                .hasMessageContaining("2 columns");
    }
}
