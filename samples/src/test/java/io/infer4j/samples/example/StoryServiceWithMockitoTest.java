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
import io.infer4j.InferenceStream;
import io.infer4j.StreamInterruptedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Way 3: plain Mockito. {@link InferenceClient} is an interface, {@link InferenceResponse#of}
 * makes a response from its text and {@link InferenceStream#of} a stream from its chunks, so a
 * stub is one line and a captor shows exactly what the code under test asked for.
 */
@ExtendWith(MockitoExtension.class)
class StoryServiceWithMockitoTest {

  @Mock InferenceClient client;

  @Test
  void asksForAShortGreedyAnswer() {
    when(client.generate(any())).thenReturn(InferenceResponse.of("Night Train."));

    assertEquals("Night Train", new StoryService(client).titleFor("A train at night."));

    ArgumentCaptor<InferenceRequest> sent = ArgumentCaptor.forClass(InferenceRequest.class);
    verify(client).generate(sent.capture());
    assertEquals(16, sent.getValue().sampling().maxTokens());
    assertEquals(Duration.ofSeconds(2), sent.getValue().budget().timeToFirstToken());
  }

  @Test
  void aCutOffOneWordAnswerBecomesUntitled() {
    when(client.generate(any())).thenReturn(InferenceResponse.of("Once", FinishReason.LENGTH));

    assertEquals("Untitled", new StoryService(client).titleFor("..."));
  }

  @Test
  void printsAStreamedStoryPieceByPiece() {
    when(client.stream(any())).thenReturn(InferenceStream.of("Once", " upon", " a time"));

    List<String> printed = new ArrayList<>();
    String story = new StoryService(client).tellStory("Once", printed::add);

    assertEquals(List.of("Once", " upon", " a time"), printed);
    assertEquals("Once upon a time", story);
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
