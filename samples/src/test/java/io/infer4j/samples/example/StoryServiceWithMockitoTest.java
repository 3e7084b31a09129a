package io.infer4j.samples.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import io.infer4j.StreamInterruptedException;
import io.infer4j.Timing;
import io.infer4j.Usage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Way 3: plain Mockito. {@link InferenceClient} is an interface and responses are records, so a
 * stub is one line and a captor shows exactly what the code under test asked for.
 */
@ExtendWith(MockitoExtension.class)
class StoryServiceWithMockitoTest {

  @Mock InferenceClient client;

  private static InferenceResponse answer(String text, FinishReason reason) {
    return new InferenceResponse(
        text, reason, Usage.reported(12, 4),
        Timing.of(Duration.ofMillis(30), Duration.ofMillis(90), 4, false),
        "mock", "mock-model", RouteDecision.direct("mock"));
  }

  @Test
  void asksForAShortGreedyAnswer() {
    when(client.generate(any())).thenReturn(answer("Night Train.", FinishReason.STOP));

    assertEquals("Night Train", new StoryService(client).titleFor("A train at night."));

    ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
    verify(client).generate(sent.capture());
    assertEquals(16, sent.getValue().sampling().maxTokens());
    assertEquals(Duration.ofSeconds(2), sent.getValue().budget().timeToFirstToken());
  }

  @Test
  void aCutOffOneWordAnswerBecomesUntitled() {
    when(client.generate(any())).thenReturn(answer("Once", FinishReason.LENGTH));

    assertEquals("Untitled", new StoryService(client).titleFor("..."));
  }

  @Test
  void failuresAreTypedExceptions() {
    when(client.generate(any()))
        .thenThrow(new StreamInterruptedException("connection reset", "Night", null));

    StreamInterruptedException e =
        assertThrows(StreamInterruptedException.class, () -> new StoryService(client).titleFor("..."));
    assertEquals("Night", e.partialText());
  }
}
