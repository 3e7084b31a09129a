package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.ModelNotFoundException;
import io.infer4j.Sampling;
import io.infer4j.TokenChunk;
import io.infer4j.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeBackendScriptTest {

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  private String ask(String prompt) {
    return client.generate(InferenceRequest.ofPrompt(prompt)).text();
  }

  private List<String> streamChunks(InferenceRequest request) {
    List<String> chunks = new ArrayList<>();
    try (InferenceStream stream = client.stream(request)) {
      for (TokenChunk c : stream) {
        chunks.add(c.text());
      }
    }
    return chunks;
  }

  @Test
  void withNothingScriptedItEchoesTheRequestText() {
    InferenceResponse r = client.generate(InferenceRequest.ofPrompt("Once upon a time"));
    assertEquals("Once upon a time", r.text());
    assertEquals(FinishReason.STOP, r.finishReason());
  }

  @Test
  void aChatRequestEchoesItsMessagesJoinedByNewlines() {
    InferenceRequest chat = InferenceRequest.builder().system("Be brief.").user("Hi there").build();
    assertEquals("Be brief.\nHi there", client.generate(chat).text());
  }

  @Test
  void queuedRepliesAreConsumedInOrderThenItEchoesAgain() {
    fake.reply("first").reply("second");
    assertEquals("first", ask("a"));
    assertEquals("second", ask("b"));
    assertEquals("c", ask("c"));
  }

  @Test
  void rulesAnswerBeforeTheQueueAndPersist() {
    fake.reply("queued").whenPromptContains("weather").reply("Sunny.");
    assertEquals("Sunny.", ask("What is the weather?"));
    assertEquals("Sunny.", ask("weather again"));
    assertEquals("queued", ask("something else"));
  }

  @Test
  void theFirstMatchingRuleWins() {
    fake.when(r -> r.text().startsWith("x")).reply("starts with x")
        .whenPromptContains("y").reply("has y");
    assertEquals("starts with x", ask("xy"));
    assertEquals("has y", ask("ay"));
  }

  @Test
  void aRuleCanFail() {
    ModelNotFoundException missing = new ModelNotFoundException("m", "not deployed");
    fake.whenPromptContains("boom").fail(missing);
    assertEquals(missing, assertThrows(ModelNotFoundException.class, () -> ask("boom")));
    assertEquals("fine", ask("fine"));
  }

  @Test
  void textRepliesStreamAsWordChunks() {
    fake.reply("Hello brave  new\nworld");
    assertEquals(
        List.of("Hello", " brave", "  new", "\nworld"),
        streamChunks(InferenceRequest.ofPrompt("x")));
  }

  @Test
  void scriptedChunksStreamExactlyAsGiven() {
    fake.replyChunks("Hel", "lo", ", world");
    assertEquals(List.of("Hel", "lo", ", world"), streamChunks(InferenceRequest.ofPrompt("x")));
  }

  @Test
  void maxTokensCutsTheAnswerWithFinishReasonLength() {
    fake.reply("one two three four");
    InferenceResponse r =
        client.generate(InferenceRequest.builder().prompt("x").maxTokens(2).build());
    assertEquals("one two", r.text());
    assertEquals(FinishReason.LENGTH, r.finishReason());
    assertEquals(2, r.usage().completionTokens());
  }

  @Test
  void aStopStringEndsTheTextJustBeforeItWithFinishReasonStopSequence() {
    fake.reply("The end. Epilogue follows.");
    InferenceResponse r =
        client.generate(InferenceRequest.builder().prompt("x")
            .sampling(Sampling.DEFAULT.withStop("follows", ".")).build());
    assertEquals("The end", r.text());
    assertEquals(FinishReason.STOP_SEQUENCE, r.finishReason());
  }

  @Test
  void aStopStringBeyondMaxTokensLeavesFinishReasonLength() {
    fake.reply("a b c STOP");
    InferenceResponse r = client.generate(
        InferenceRequest.builder().prompt("x")
            .sampling(Sampling.DEFAULT.withMaxTokens(2).withStop("STOP")).build());
    assertEquals("a b", r.text());
    assertEquals(FinishReason.LENGTH, r.finishReason());
  }

  @Test
  void usageIsReportedAsRequestWordsAndDeliveredChunks() {
    fake.replyChunks("a", "b", "c");
    Usage usage = client.generate(InferenceRequest.ofPrompt("three word prompt")).usage();
    assertEquals(Usage.reported(3, 3), usage);
  }

  @Test
  void theModelNameIsFakeModelUnlessSet() {
    assertEquals("fake-model", client.generate(InferenceRequest.ofPrompt("x")).model());
    fake.model("llama-test");
    assertEquals("llama-test", client.generate(InferenceRequest.ofPrompt("x")).model());
  }

  @Test
  void resetForgetsTheScriptAndTheRecords() {
    fake.reply("scripted").whenPromptContains("x").reply("rule").model("m");
    ask("x");
    fake.reset();
    assertEquals(0, fake.requestCount());
    assertEquals("x", ask("x"));
    assertEquals("fake-model", client.generate(InferenceRequest.ofPrompt("y")).model());
  }
}
