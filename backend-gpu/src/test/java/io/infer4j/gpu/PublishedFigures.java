package io.infer4j.gpu;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code validation/published.csv} from the shared data folder: {@code $INFER4J_SHARED_DIR},
 * else {@code ../../shared} from the module. Absent: the calling test is skipped with a message, or
 * fails when {@code CI=true}.
 */
final class PublishedFigures {

  private PublishedFigures() {}

  /** The CSV's rows as header-keyed maps, in file order. */
  static List<Map<String, String>> load() throws IOException {
    Path csv = locate();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> header = parseLine(lines.get(0));
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = parseLine(line);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  private static Path locate() {
    String env = System.getenv("INFER4J_SHARED_DIR");
    Path base = env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "..", "shared");
    Path csv = base.resolve("validation").resolve("published.csv");
    if (!Files.isRegularFile(csv)) {
      String why = "published figures not found at " + csv.toAbsolutePath() + " (set INFER4J_SHARED_DIR)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    return csv;
  }

  /** One RFC 4180 line: commas separate, double quotes wrap, "" is a literal quote. */
  static List<String> parseLine(String line) {
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
