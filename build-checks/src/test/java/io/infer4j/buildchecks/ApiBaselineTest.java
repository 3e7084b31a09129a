package io.infer4j.buildchecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public API of every published module against its baseline in {@code api/<artifact>.txt}:
 * any difference fails the build, so that a change of API is a deliberate diff in review. With
 * {@code -Dinfer4j.api.update=true} the test writes the baselines instead (and passes).
 */
class ApiBaselineTest {

  private static final Path DIR = Path.of(System.getProperty("infer4j.api.dir", "../api"));

  @Test
  void everyPublishedModulesApiMatchesItsBaseline() throws IOException {
    boolean update = Boolean.getBoolean("infer4j.api.update");
    List<String> reports = new ArrayList<>();
    for (PublishedModule m : PublishedModule.all()) {
      List<String> now = ApiListing.of(m);
      assertTrue(now.size() > 1, m + " exports no public type");
      Path file = DIR.resolve(m.artifact() + ".txt");
      if (update) {
        Files.createDirectories(DIR);
        Files.write(file, now, StandardCharsets.UTF_8);
        continue;
      }
      if (!Files.exists(file)) {
        reports.add(m.artifact() + ": no baseline " + file + " (run with -Dinfer4j.api.update=true)");
        continue;
      }
      ApiBaseline diff = ApiBaseline.compare(Files.readAllLines(file, StandardCharsets.UTF_8), now);
      if (!diff.unchanged()) {
        reports.add(diff.report(m.artifact(), "api/" + m.artifact() + ".txt"));
      }
    }
    if (!reports.isEmpty()) {
      fail(String.join("\n\n", reports));
    }
  }

  /** The check itself: a member removed, a signature changed or a type added is reported. */
  @Test
  void aChangedSignatureIsReportedAsOneLineRemovedAndOneAdded() {
    PublishedModule api = PublishedModule.all().get(0);
    List<String> now = ApiListing.of(api);
    String member = now.stream()
        .filter(l -> l.contains(" generate(io.infer4j.InferenceRequest)")).findFirst()
        .orElseThrow(() -> new AssertionError("InferenceClient.generate is not in the listing"));
    List<String> changed = new ArrayList<>(now);
    changed.set(changed.indexOf(member), member.replace("generate(", "generate(int, "));
    ApiBaseline diff = ApiBaseline.compare(now, changed);
    assertEquals(List.of("io.infer4j.InferenceClient :: " + member.strip()), diff.removed());
    assertEquals(List.of("io.infer4j.InferenceClient :: "
        + member.strip().replace("generate(", "generate(int, ")), diff.added());
    assertTrue(diff.report("sdk-api", "api/sdk-api.txt")
        .contains("- io.infer4j.InferenceClient :: " + member.strip()));
    assertTrue(ApiBaseline.compare(now, now).unchanged());
  }

  /** Internal packages are never part of the listing, public classes in them or not. */
  @Test
  void theListingHoldsOnlyExportedPackages() {
    for (PublishedModule m : PublishedModule.all()) {
      for (String line : ApiListing.of(m)) {
        assertFalse(line.matches("public .*(class|interface|enum) io\\.infer4j\\.\\S*\\.internal\\..*"),
            m + ": " + line);
      }
    }
  }
}
