package io.infer4j.buildchecks;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The difference between a module's API baseline (the listing checked in under {@code api/}) and
 * its listing now: lines removed from the API (a break for callers) and lines added.
 */
record ApiBaseline(List<String> removed, List<String> added) {

  static ApiBaseline compare(List<String> baseline, List<String> now) {
    Set<String> before = qualified(baseline);
    Set<String> after = qualified(now);
    List<String> removed = new ArrayList<>();
    for (String line : before) {
      if (!after.contains(line)) {
        removed.add(line);
      }
    }
    List<String> added = new ArrayList<>();
    for (String line : after) {
      if (!before.contains(line)) {
        added.add(line);
      }
    }
    return new ApiBaseline(List.copyOf(removed), List.copyOf(added));
  }

  /**
   * The lines with each member line prefixed by its type's name ({@code io.infer4j.Foo :: public
   * int size()}), so that a difference names the type and two types' equal members stay apart.
   */
  private static Set<String> qualified(List<String> lines) {
    Set<String> out = new LinkedHashSet<>();
    String type = "";
    for (String line : lines) {
      if (line.startsWith("  ")) {
        out.add(type + " :: " + line.strip());
      } else {
        type = typeName(line);
        out.add(line);
      }
    }
    return out;
  }

  /** The type's name in its line ({@code public final class io.infer4j.Foo extends ...}). */
  private static String typeName(String line) {
    for (String word : line.split(" ")) {
      if (word.contains(".")) {
        return word;
      }
    }
    return line;
  }

  boolean unchanged() {
    return removed.isEmpty() && added.isEmpty();
  }

  /** The difference as a report for the build's failure message. */
  String report(String module, String file) {
    StringBuilder b = new StringBuilder("the public API of " + module + " differs from " + file
        + ":\n");
    removed.forEach(l -> b.append("- ").append(l).append('\n'));
    added.forEach(l -> b.append("+ ").append(l).append('\n'));
    b.append("If the change is deliberate, write the new baseline with\n"
        + "  mvn -pl build-checks -am test -Dtest=ApiBaselineTest -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dinfer4j.api.update=true\nand commit it with the change (CHANGELOG.md says why).");
    return b.toString();
  }
}
