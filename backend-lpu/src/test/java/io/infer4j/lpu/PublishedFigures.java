package io.infer4j.lpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads ../shared/validation/published.csv (RFC 4180 quoting) into rows keyed by column name. */
final class PublishedFigures {

  private PublishedFigures() {}

  /** The shared folder: env INFER4J_SHARED_DIR, else ../../shared from the module folder. */
  static Optional<Path> csv() {
    String env = System.getenv("INFER4J_SHARED_DIR");
    List<Path> tries = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      tries.add(Path.of(env));
    }
    tries.add(Path.of("..", "..", "shared"));
    tries.add(Path.of("..", "shared"));
    return tries.stream()
        .map(p -> p.resolve("validation").resolve("published.csv"))
        .filter(Files::isRegularFile)
        .findFirst();
  }

  static List<Map<String, String>> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> header = split(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = split(line);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  static List<String> split(String line) {
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
    cells.add(cell.toString());
    return cells;
  }
}
