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
    Set<String> before = new LinkedHashSet<>(baseline);
    Set<String> after = new LinkedHashSet<>(now);
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

  boolean unchanged() {
    return removed.isEmpty() && added.isEmpty();
  }

  /** The difference as a report for the build's failure message. */
  String report(String module, String file) {
    StringBuilder b = new StringBuilder("the public API of " + module + " differs from " + file
        + " (a member line is indented under its type's line):\n");
    removed.forEach(l -> b.append("- ").append(l.strip()).append('\n'));
    added.forEach(l -> b.append("+ ").append(l.strip()).append('\n'));
    b.append("If the change is deliberate, write the new baseline with\n"
        + "  mvn -pl build-checks -am test -Dtest=ApiBaselineTest -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dinfer4j.api.update=true\nand commit it with the change (CHANGELOG.md says why).");
    return b.toString();
  }
}
