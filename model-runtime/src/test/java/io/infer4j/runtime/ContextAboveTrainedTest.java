package io.infer4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.runtime.internal.tensor.GgmlType;
import io.infer4j.runtime.testing.TinyModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A context length above the one the file says the model was trained on is allowed, as llama.cpp
 * allows {@code -c 512} on a file that says 128, with one warning on {@link
 * LlamaModel#CONTEXT_WARNINGS}; the sessions then hold that many positions. (On the shared
 * stories260K GGUF, which says 128 for a model trained at 512, {@link GoldenGenerationTest} runs
 * 256 steps at 512 and matches run.c.)
 */
class ContextAboveTrainedTest {
  // Strong reference: java.util.logging holds loggers weakly.
  private static final Logger CONTEXT = Logger.getLogger(LlamaModel.CONTEXT_WARNINGS);

  @TempDir Path dir;

  private final List<LogRecord> records = new ArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      records.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() {
    CONTEXT.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    CONTEXT.removeHandler(capture);
  }

  private List<String> warnings() {
    return records.stream()
        .filter(r -> r.getLevel() == Level.WARNING)
        .map(r -> new java.util.logging.SimpleFormatter().formatMessage(r))
        .toList();
  }

  @Test
  void aGgufRunsPastItsTrainedLengthWithOneWarningNamingBothLengthsAndTheKey() {
    Path gguf = TinyModel.random(5, false).writeGguf(dir, "ctx16.gguf", GgmlType.F32, 16);

    try (LlamaModel model = LlamaModel.load(gguf, ModelOptions.defaults().withContextLength(64))) {
      assertEquals(64, model.config().contextLength());
      Session s = model.newSession();
      for (int i = 0; i < 40; i++) {
        s.forward(3 + i % (TinyModel.VOCAB - 3)); // 40 positions, past the file's 16
      }
      assertEquals(40, s.position());
    }

    List<String> w = warnings();
    assertEquals(1, w.size(), w::toString);
    String m = w.get(0);
    for (String part : List.of("ctx16.gguf", "context length 64", "16 positions",
        "llama.context_length")) {
      assertTrue(m.contains(part), () -> "missing '" + part + "' in " + m);
    }
    assertTrue(!m.contains("\n"), "one line: " + m);
  }

  @Test
  void aLlama2cCheckpointWarnsNamingSeqLen() {
    Path bin = TinyModel.random(5, false).writeLlama2c(dir, "tiny.bin");
    Path tok = TinyModel.writeTokenizer(dir, "tokenizer.bin");

    try (LlamaModel model = LlamaModel.load(bin,
        ModelOptions.defaults().withTokenizer(tok).withContextLength(TinyModel.SEQ * 2))) {
      assertEquals(TinyModel.SEQ * 2, model.config().contextLength());
    }

    List<String> w = warnings();
    assertEquals(1, w.size(), w::toString);
    assertTrue(w.get(0).contains("(seq_len)"), w::toString);
  }

  @Test
  void noWarningAtOrBelowTheTrainedLengthOrWithoutAnOverride() {
    Path gguf = TinyModel.random(5, false).writeGguf(dir, "ctx16.gguf", GgmlType.F32, 16);

    for (int context : new int[] {0, 8, 16}) {
      try (LlamaModel model =
          LlamaModel.load(gguf, ModelOptions.defaults().withContextLength(context))) {
        assertEquals(context == 0 ? 16 : context, model.config().contextLength());
      }
    }

    assertEquals(List.of(), warnings());
  }
}
