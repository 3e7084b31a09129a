package io.infer4j.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The published BOM (bom/pom.xml) manages the SmallRye Config version these samples run with, so
 * an application that imports the BOM gets the MicroProfile Config implementation infer4j is
 * tested with. The version is a property of the BOM's parent (base/pom.xml), which
 * infer4j-parent inherits too; this test checks what the samples actually get.
 */
class BomTest {

  private static final String SMALLRYE_POM_PROPERTIES =
      "META-INF/maven/io.smallrye.config/smallrye-config/pom.properties";

  @Test
  void theBomManagesTheSmallRyeConfigVersionTheSamplesUse() throws Exception {
    assertEquals(versionOnTheClassPath(), managedVersion("smallrye-config"));
  }

  private static String versionOnTheClassPath() throws Exception {
    Properties p = new Properties();
    try (InputStream in = BomTest.class.getClassLoader().getResourceAsStream(SMALLRYE_POM_PROPERTIES)) {
      assertNotNull(in, SMALLRYE_POM_PROPERTIES + " on the test class path");
      p.load(in);
    }
    return p.getProperty("version");
  }

  /** The BOM's version of {@code artifactId}, with a ${property} taken from its parent's properties. */
  private static String managedVersion(String artifactId) throws Exception {
    Path bom = Path.of(System.getProperty("basedir", ".")).resolve("../bom/pom.xml");
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(bom.toFile());
    NodeList dependencies = pom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element d = (Element) dependencies.item(i);
      if (artifactId.equals(text(d, "artifactId"))) {
        String version = text(d, "version");
        if (version.startsWith("${") && version.endsWith("}")) {
          String property = version.substring(2, version.length() - 1);
          Document base = DocumentBuilderFactory.newInstance().newDocumentBuilder()
              .parse(bom.resolveSibling("../base/pom.xml").toFile());
          version = text((Element) base.getElementsByTagName("properties").item(0), property);
        }
        return version;
      }
    }
    throw new AssertionError(bom + " does not manage " + artifactId);
  }

  private static String text(Element parent, String tag) {
    NodeList found = parent.getElementsByTagName(tag);
    return found.getLength() == 0 ? "" : found.item(0).getTextContent().strip();
  }
}
