package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** A stream made from strings keeps the {@link InferenceStream} contract. */
class InferenceStreamOfTest {

  @Test
  void deliversEachStringAsAOneTokenChunkThenTheWholeAnswer() {
    List<TokenChunk> chunks = new ArrayList<>();
    InferenceResponse done;
    try (InferenceStream stream = InferenceStream.of("Once", " upon", " a time")) {
      for (TokenChunk chunk : stream) {
        chunks.add(chunk);
      }
      done = stream.response();
    }

    assertEquals(List.of(TokenChunk.of(0, "Once"), TokenChunk.of(1, " upon"), TokenChunk.of(2, " a time")), chunks);
    assertEquals("Once upon a time", done.text());
    assertEquals(FinishReason.STOP, done.finishReason());
    assertEquals(Usage.counted(0, 3), done.usage());
    assertEquals("stub", done.backend());
    assertEquals(InferenceResponse.of("Once upon a time").timing(), done.timing());
  }

  @Test
  void responseConsumesTheChunksNotYetRead() {
    try (InferenceStream stream = InferenceStream.of("a", "b", "c")) {
      Iterator<TokenChunk> it = stream.iterator();
      assertEquals("a", it.next().text());

      assertEquals("abc", stream.response().text());
      assertFalse(it.hasNext());
    }
  }

  @Test
  void closingEarlyEndsTheIterationAndTheResponseSaysCancelled() {
    InferenceStream stream = InferenceStream.of("a", "b", "c");
    Iterator<TokenChunk> it = stream.iterator();
    it.next();

    stream.close();
    stream.close(); // idempotent

    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
    InferenceResponse r = stream.response();
    assertEquals(FinishReason.CANCELLED, r.finishReason());
    assertEquals("a", r.text());
    assertEquals(1, r.usage().completionTokens());
  }

  @Test
  void closingAfterTheLastChunkKeepsTheAnswerComplete() {
    InferenceStream stream = InferenceStream.of("a", "b");
    for (TokenChunk ignored : stream) {
      // read all
    }
    stream.close();

    assertEquals(FinishReason.STOP, stream.response().finishReason());
  }

  @Test
  void canBeIteratedOnlyOnce() {
    InferenceStream stream = InferenceStream.of("a");
    stream.iterator();

    IllegalStateException e = assertThrows(IllegalStateException.class, stream::iterator);
    assertTrue(e.getMessage().contains("only once"), e.getMessage());
  }

  @Test
  void noChunksIsAnEmptyAnswer() {
    InferenceStream stream = InferenceStream.of();

    assertFalse(stream.iterator().hasNext());
    assertEquals(InferenceResponse.of(""), stream.response());
  }

  @Test
  void theChunksAreCopied() {
    String[] chunks = {"a", "b"};
    InferenceStream stream = InferenceStream.of(chunks);
    chunks[1] = "changed";

    assertEquals("ab", stream.response().text());
  }

  @Test
  void aNullOrEmptyChunkIsRejectedNamingItsIndex() {
    NullPointerException none = assertThrows(NullPointerException.class, () -> InferenceStream.of("a", null));
    assertEquals("chunks[1]", none.getMessage());
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> InferenceStream.of("a", "b", ""));
    assertTrue(empty.getMessage().startsWith("chunks[2] is empty"), empty.getMessage());
    assertThrows(NullPointerException.class, () -> InferenceStream.of((String[]) null));
  }
}
