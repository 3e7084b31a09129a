package io.infer4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceException;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceStream;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import io.infer4j.StreamInterruptedException;
import io.infer4j.StructuredOutputException;
import io.infer4j.TokenChunk;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Scripted failures of every {@link InferenceException} subtype, before and after chunks. */
class FakeBackendErrorTest {

  private final FakeBackend fake = FakeBackend.create();
  private final InferenceClient client = fake.client();

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** One instance of each permitted subtype (the family is sealed, so this list is complete). */
  static Stream<InferenceException> everyErrorType() {
    return Stream.of(
        new InvalidRequestException("sampling.temperature", "must be in [0, 2], was 3"),
        new InvalidConfigurationException("infer4j.backends.x.url", "ftp://x", "not http"),
        new BackendUnavailableException("fake", "503 from upstream", true),
        new RateLimitedException("fake", "too many requests", Duration.ofSeconds(2)),
        new DeadlineExceededException("no first token within 200 ms"),
        new ModelNotFoundException("llama-9000", "no such deployment"),
        new ModelFormatException("model.gguf", "bad magic 0x0"),
        new StreamInterruptedException("connection reset", "", null),
        new StructuredOutputException("response", "$.city", "expected a string", "{\"city\": 1}"),
        new UnsupportedCapabilityException("fake", Capability.TOOLS, "disabled"));
  }

  @Test
  void theListCoversEveryPermittedSubtype() {
    List<Class<?>> listed = everyErrorType().<Class<?>>map(Object::getClass).toList();
    assertEquals(List.of(InferenceException.class.getPermittedSubclasses()).size(), listed.size());
    for (Class<?> permitted : InferenceException.class.getPermittedSubclasses()) {
      assertEquals(true, listed.contains(permitted), "missing " + permitted.getSimpleName());
    }
  }

  @ParameterizedTest
  @MethodSource("everyErrorType")
  void aScriptedFailureSurfacesAsItselfThroughGenerate(InferenceException failure) {
    fake.fail(failure);
    InferenceException thrown = assertThrows(
        failure.getClass(), () -> client.generate(InferenceRequest.ofPrompt("x")));
    assertSame(failure, thrown);
    assertEquals("next", client.generate(InferenceRequest.ofPrompt("next")).text(), "one-shot");
  }

  @ParameterizedTest
  @MethodSource("everyErrorType")
  void aScriptedFailureSurfacesAsItselfThroughGenerateAsync(InferenceException failure) {
    fake.fail(failure);
    ExecutionException e = assertThrows(
        ExecutionException.class,
        () -> client.generateAsync(InferenceRequest.ofPrompt("x")).get(10, TimeUnit.SECONDS));
    assertSame(failure, e.getCause());
  }

  @ParameterizedTest
  @MethodSource("everyErrorType")
  void aFailureAfterDeliveredChunksArrivesAsStreamInterruptedWithThePartialText(
      InferenceException failure) {
    fake.failAfterChunks(failure, "Hello", " wor");
    List<String> seen = new ArrayList<>();
    InferenceException thrown;
    try (InferenceStream stream = client.stream(InferenceRequest.ofPrompt("x"))) {
      thrown = assertThrows(InferenceException.class, () -> {
        for (TokenChunk c : stream) {
          seen.add(c.text());
        }
      });
    }
    assertEquals(List.of("Hello", " wor"), seen, "the chunks before the failure were delivered");
    if (failure instanceof DeadlineExceededException) {
      // the SDK keeps a deadline a deadline, with the partial text
      assertEquals("Hello wor", assertInstanceOf(DeadlineExceededException.class, thrown).partialText());
    } else if (failure instanceof StreamInterruptedException) {
      assertSame(failure, thrown);
    } else {
      StreamInterruptedException interrupted = assertInstanceOf(StreamInterruptedException.class, thrown);
      assertEquals("Hello wor", interrupted.partialText());
      assertSame(failure, interrupted.getCause());
    }
  }

  @Test
  void aFailureAfterNoChunksSurfacesAsItself() {
    RateLimitedException limited = new RateLimitedException("fake", "slow down", null);
    fake.latency(Duration.ofMillis(1), Duration.ZERO).failAfterChunks(limited);
    assertSame(limited, assertThrows(RateLimitedException.class,
        () -> client.generate(InferenceRequest.ofPrompt("x"))));
  }

  @Test
  void maxTokensReachedBeforeAScriptedFailureEndsTheAnswerNormally() {
    fake.failAfterChunks(new BackendUnavailableException("fake", "down", true), "a", "b", "c");
    var r = client.generate(InferenceRequest.builder().prompt("x").maxTokens(2).build());
    assertEquals("ab", r.text());
    assertEquals(FinishReason.LENGTH, r.finishReason());
  }

  @Test
  void aRuleCanFailMidStream() {
    BackendUnavailableException down = new BackendUnavailableException("fake", "reset", true);
    fake.whenPromptContains("flaky").failAfterChunks(down, "partial");
    StreamInterruptedException e = assertThrows(StreamInterruptedException.class,
        () -> client.generate(InferenceRequest.ofPrompt("flaky call")));
    assertEquals("partial", e.partialText());
  }
}
