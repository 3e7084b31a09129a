package io.infer4j.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import io.infer4j.TokenChunk;
import io.infer4j.testing.FakeBackend;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The code examples of the published javadoc. The {@code @start region=...}/{@code @end} markers
 * below are read by the javadoc tool ({@code {@snippet file=... region=...}} in the modules'
 * {@code module-info.java}, with {@code --snippet-path} set to this folder by the parent's
 * release profile), so every example in the API documentation is code that compiles and passes
 * here. Change an example here, not in the javadoc.
 */
class JavadocExamplesTest {

  @Test
  void generate() {
    FakeBackend fake = FakeBackend.create();
    fake.reply("2, 3, 5");
    // @start region="generate"
    try (InferenceClient client = fake.client()) {   // or InferenceClients.fromConfig()
      InferenceResponse answer = client.generate(
          InferenceRequest.builder()
              .system("You are terse.")
              .user("Name three primes.")
              .maxTokens(32)
              .timeToFirstTokenBudget(Duration.ofMillis(200))   // a deadline, not a hint
              .build());
      System.out.println(answer.text());
    }
    // @end
    fake.assertRequestCount(1).assertPromptContains("Name three primes.");
  }

  @Test
  void stream() {
    FakeBackend fake = FakeBackend.create();
    fake.replyChunks("2, ", "3, ", "5");
    try (InferenceClient client = fake.client()) {
      InferenceRequest request = InferenceRequest.builder().user("Name three primes.").build();
      StringBuilder text = new StringBuilder();
      // @start region="stream"
      try (InferenceStream stream = client.stream(request)) {   // closing early cancels the work
        for (TokenChunk chunk : stream) {
          text.append(chunk.text());
        }
      }
      // @end
      assertEquals("2, 3, 5", text.toString());
    }
  }

  @Test
  void fakeBackendInAUnitTest() {
    // @start region="fake"
    FakeBackend fake = FakeBackend.create();
    fake.whenPromptContains("dragon").reply("Ember");
    try (InferenceClient client = fake.client()) {   // hand this client to the code under test
      String title = client.generate(
          InferenceRequest.builder().user("A title for: a dragon sleeps.").build()).text();
      assertEquals("Ember", title);
    }
    fake.assertRequestCount(1).assertPromptContains("dragon");
    // @end
  }
}
