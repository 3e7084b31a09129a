package io.infer4j.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedFiguresTest {

  private static final String HEADER =
      "id,model,hardware,config,precision,metric,value,unit,date,source,notes";

  @Test
  void quotedCellsKeepTheirCommasAndDoubledQuotes() {
    List<PublishedFigure> figures = PublishedFigures.parse(List.of(HEADER,
        "L1,Llama-2-70B,Groq LPU,\"~576 chips, API\",TruePoint,ttft_ms,220,ms,2024-01,llmperf,"
            + "\"mostly \"\"network\"\"\""), "test.csv");
    assertEquals(1, figures.size());
    PublishedFigure f = figures.get(0);
    assertEquals("~576 chips, API", f.config());
    assertEquals("mostly \"network\"", f.notes());
    assertEquals(220.0, f.value());
    assertEquals("ms", f.unit());
  }

  @Test
  void columnsAreFoundByNameAndMissingTrailingCellsReadAsEmpty() {
    List<PublishedFigure> figures = PublishedFigures.parse(List.of(
        "value,metric,precision,config,hardware,model,id,notes", "",
        "62.5,tok_s,BF16,TP8,A100,Llama,G2"), "test.csv");
    PublishedFigure f = figures.get(0);
    assertEquals("G2", f.id());
    assertEquals(62.5, f.value());
    assertEquals("", f.notes());
    assertEquals("", f.source());
  }

  @Test
  void aValueThatIsNotANumberIsReportedWithItsLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublishedFigures.parse(List.of(HEADER, "G1,m,h,c,p,metric,fast,tok/s,,,"), "f.csv"));
    assertTrue(e.getMessage().contains("f.csv line 2") && e.getMessage().contains("value"),
        e.getMessage());
  }

  @Test
  void aMissingRequiredColumnOrAnOpenQuoteIsReported() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublishedFigures.parse(List.of("id,model,metric,value"), "f.csv"));
    assertTrue(e.getMessage().contains("'hardware'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PublishedFigures.parse(List.of(HEADER, "G1,\"m,h,c,p,metric,1"), "f.csv"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("quoted"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PublishedFigures.parse(List.of(HEADER, " ,m,h,c,p,metric,1"), "f.csv"));
    assertTrue(e.getMessage().contains("line 2: id"), e.getMessage());
  }

  @Test
  void aFileIsReadAsUtf8(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("published.csv");
    Files.writeString(csv,
        HEADER + "\nG3,Llama-3.3-70B,H100 x2,TP2,FP8,itl_ms,18.58,ms,2025,NIM,µs\n");
    List<PublishedFigure> figures = PublishedFigures.read(csv);
    assertEquals(18.58, figures.get(0).value());
    assertEquals("µs", figures.get(0).notes());
  }
}
