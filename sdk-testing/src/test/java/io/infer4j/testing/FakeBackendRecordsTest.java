package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceStream;
import io.infer4j.RateLimitedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the fake remembers and the assertions over it. */
class FakeBackendRecordsTest {

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void everyRequestIsRecordedInOrderIncludingFailedOnes() {
    fake.reply("ok").fail(new RateLimitedException("fake", "later", null));
    InferenceRequest first = InferenceRequest.ofPrompt("first");
    InferenceRequest second = InferenceRequest.builder().user("second").maxTokens(5).build();
    client.generate(first);
    assertThrows(RateLimitedException.class, () -> client.generate(second));
    assertEquals(List.of(first, second), fake.requests());
    assertEquals(second, fake.lastRequest());
    assertEquals(2, fake.requestCount());
  }

  @Test
  void assertionsPassWhenTheyHold() {
    fake.assertNoRequests().assertRequestCount(0);
    client.generate(InferenceRequest.ofPrompt("summarize this story"));
    fake.assertRequestCount(1).assertPromptContains("this story");
  }

  @Test
  void aFailedRequestCountAssertionListsTheRequests() {
    client.generate(InferenceRequest.ofPrompt("alpha"));
    client.generate(InferenceRequest.builder().system("sys").user("beta").build());
    AssertionError e = assertThrows(AssertionError.class, () -> fake.assertRequestCount(1));
    assertEquals(
        "expected 1 request(s) to the fake backend but got 2: [1] \"alpha\", [2] \"sys\\nbeta\"",
        e.getMessage());
  }

  @Test
  void aFailedPromptAssertionSaysWhatWasSent() {
    client.generate(InferenceRequest.ofPrompt("hello"));
    AssertionError e = assertThrows(AssertionError.class, () -> fake.assertPromptContains("bye"));
    assertEquals(
        "expected a request whose text contains \"bye\" but got: [1] \"hello\"", e.getMessage());
    AssertionError none = assertThrows(AssertionError.class, () -> FakeBackend.create().assertPromptContains("x"));
    assertTrue(none.getMessage().endsWith("the fake backend received no requests"), none.getMessage());
  }

  @Test
  void assertNoRequestsFailsAfterOne() {
    client.generate(InferenceRequest.ofPrompt("oops"));
    AssertionError e = assertThrows(AssertionError.class, fake::assertNoRequests);
    assertEquals("expected no requests to the fake backend but got 1: [1] \"oops\"", e.getMessage());
  }

  @Test
  void lastRequestWithoutRequestsIsAnAssertionError() {
    AssertionError e = assertThrows(AssertionError.class, fake::lastRequest);
    assertEquals("the fake backend received no requests", e.getMessage());
  }

  @Test
  void onlyGenerationsClosedBeforeTheEndCountAsCancelled() {
    client.generate(InferenceRequest.ofPrompt("complete"));
    try (InferenceStream stream = client.stream(InferenceRequest.ofPrompt("a b c"))) {
      stream.iterator().next();
    }
    assertEquals(1, fake.cancelledCount());
  }

  @Test
  void concurrentRequestsAreAllRecordedAndEachConsumesOneAnswer() {
    IntStream.range(0, 20).forEach(i -> fake.reply("answer"));
    List<CompletableFuture<String>> futures = IntStream.range(0, 20)
        .mapToObj(i -> client.generateAsync(InferenceRequest.ofPrompt("q" + i)).thenApply(r -> r.text()))
        .toList();
    futures.forEach(f -> assertEquals("answer", f.join()));
    fake.assertRequestCount(20);
    assertEquals("q7", client.generate(InferenceRequest.ofPrompt("q7")).text(), "queue used up");
  }
}
