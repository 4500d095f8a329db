package dev.marina.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A kubectl-style table: upper-case headers, columns aligned with three spaces between them, no trailing blanks.
 * Missing values print as {@code -}, so a column never looks shifted.
 */
public record Table(List<String> headers, List<List<String>> rows) {

    private static final String GAP = "   ";
    private static final String MISSING = "-";

    public Table {
        headers = List.copyOf(requireNonNull(headers, "headers is null"));
        List<List<String>> copies = new ArrayList<>();
        for (List<String> row : requireNonNull(rows, "rows is null")) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException(
                        "row has " + row.size() + " cells but the table has " + headers.size() + " columns");
            }
            copies.add(row.stream().map(Table::cell).toList());
        }
        rows = List.copyOf(copies);
    }

    public static Table of(List<String> headers, List<List<String>> rows) {
        return new Table(headers, rows);
    }

    /** One row of cells; {@code null} cells print as {@code -}. */
    public static List<String> row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell == null ? null : cell.toString());
        }
        return row;
    }

    public String render() {
        return render("");
    }

    /** The table with every line starting with {@code indent}, each line ending in a newline. */
    public String render(String indent) {
        int[] widths = new int[headers.size()];
        for (int column = 0; column < headers.size(); column++) {
            widths[column] = headers.get(column).length();
            for (List<String> row : rows) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, indent, headers.stream().map(String::toUpperCase).toList(), widths);
        rows.forEach(row -> appendLine(text, indent, row, widths));
        return text.toString();
    }

    private static void appendLine(StringBuilder text, String indent, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int column = 0; column < cells.size(); column++) {
            String cell = cells.get(column);
            line.append(cell);
            if (column < cells.size() - 1) {
                line.append(" ".repeat(widths[column] - cell.length())).append(GAP);
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static String cell(String value) {
        if (value == null || value.isBlank()) {
            return MISSING;
        }
        // A line break inside a cell would break every column after it.
        return value.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
