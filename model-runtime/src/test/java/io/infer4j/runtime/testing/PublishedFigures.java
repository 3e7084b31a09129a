package io.infer4j.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads published performance figures from CSV: a header line naming the columns (any order;
 * {@code id, model, hardware, config, precision, metric, value} required, {@code unit, date,
 * source, notes} optional), then one {@link PublishedFigure} per non-blank line. Cells follow RFC
 * 4180 quoting (commas separate, double quotes wrap, {@code ""} is a literal quote) within one
 * line; a cell may not span lines. A missing trailing cell reads as empty. Test code (model-runtime's
 * {@code tests} jar), used by the LPU and GPU planners' validation tests; not in the runtime jar.
 *
 * <p>Stateless and thread-safe. Errors: {@link IllegalArgumentException} naming the line and the
 * column for a missing required column, a value that is not a number or an invalid row; {@link
 * IOException} when the file cannot be read.
 */
public final class PublishedFigures {

  private static final List<String> REQUIRED =
      List.of("id", "model", "hardware", "config", "precision", "metric", "value");

  private PublishedFigures() {}

  /** The figures of a UTF-8 CSV file, in file order. */
  public static List<PublishedFigure> read(Path csv) throws IOException {
    return parse(Files.readAllLines(csv, StandardCharsets.UTF_8), csv.toString());
  }

  /**
   * The figures of CSV {@code lines} (header first), in order.
   *
   * @param source names the input in error messages (a file name)
   */
  public static List<PublishedFigure> parse(List<String> lines, String source) {
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IllegalArgumentException(source + ": no header line");
    }
    Map<String, Integer> columns = new HashMap<>();
    List<String> header = splitLine(lines.get(0), source + " line 1");
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(header.get(i).strip(), i);
    }
    for (String column : REQUIRED) {
      if (!columns.containsKey(column)) {
        throw new IllegalArgumentException(source + ": no column '" + column + "' in the header");
      }
    }
    List<PublishedFigure> figures = new ArrayList<>();
    for (int n = 1; n < lines.size(); n++) {
      if (!lines.get(n).isBlank()) {
        String where = source + " line " + (n + 1);
        figures.add(figure(splitLine(lines.get(n), where), columns, where));
      }
    }
    return List.copyOf(figures);
  }

  private static PublishedFigure figure(
      List<String> cells, Map<String, Integer> columns, String where) {
    String value = cell(cells, columns, "value");
    double number;
    try {
      number = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          where + ": column 'value' is not a number: '" + value + "'");
    }
    try {
      return new PublishedFigure(cell(cells, columns, "id"), cell(cells, columns, "model"),
          cell(cells, columns, "hardware"), cell(cells, columns, "config"),
          cell(cells, columns, "precision"), cell(cells, columns, "metric"), number,
          cell(cells, columns, "unit"), cell(cells, columns, "date"),
          cell(cells, columns, "source"), cell(cells, columns, "notes"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  /** The cell of {@code column}; empty when the column or the cell is absent. */
  private static String cell(List<String> cells, Map<String, Integer> columns, String column) {
    Integer i = columns.get(column);
    return i == null || i >= cells.size() ? "" : cells.get(i);
  }

  /**
   * One RFC 4180 line: commas separate, double quotes wrap, {@code ""} is a literal quote.
   *
   * @throws IllegalArgumentException naming {@code where} when a quoted cell is not closed
   */
  static List<String> splitLine(String line, String where) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(where + ": a quoted cell is not closed on its line");
    }
    cells.add(cell.toString());
    return cells;
  }
}
