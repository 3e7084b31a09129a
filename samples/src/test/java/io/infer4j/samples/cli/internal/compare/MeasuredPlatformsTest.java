package io.infer4j.samples.cli.internal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MeasuredPlatformsTest {
  private final InferenceRequest request = InferenceRequest.ofPrompt("Once upon a time");
  private final InferenceRequest warmUp = request.toBuilder().maxTokens(4).build();

  @Test
  void warmUpsRunBeforeTheMeasuredRequestOnTheSameClientWhichIsThenClosed() {
    InferenceClient client = mock(InferenceClient.class);
    when(client.generate(any())).thenReturn(InferenceResponse.of("answer"));

    MeasuredPlatforms.Outcome o = MeasuredPlatforms.measure("gpu", () -> client,
        new WarmUp(warmUp, 3, 3, Duration.ofSeconds(10), null), request, "q8_0", OptionalDouble.of(0.5), ProgressLine.NONE);

    verify(client, times(3)).generate(warmUp);
    verify(client, times(1)).generate(request);
    verify(client).close();
    assertEquals("answer", o.response().orElseThrow().text());
    assertEquals(0.5, o.row().figures().orElseThrow().costPerMillionTokens().getAsDouble());
    assertEquals(Source.MEASURED, o.row().source());
  }

  @Test
  void aWarmUpOutOfTimeEndsTheWarmingButNotTheMeasurement() {
    InferenceClient client = mock(InferenceClient.class);
    when(client.generate(warmUp)).thenThrow(
        new DeadlineExceededException("no answer within the 5 s of a warm-up"));
    when(client.generate(request)).thenReturn(InferenceResponse.of("answer"));

    MeasuredPlatforms.Outcome o = MeasuredPlatforms.measure("gpu", () -> client,
        new WarmUp(warmUp, 2, 2, Duration.ofSeconds(10), null), request, "", OptionalDouble.empty(), ProgressLine.NONE);

    verify(client, times(1)).generate(warmUp);
    assertTrue(o.row().figures().isPresent());
  }

  @Test
  void aFailingPlatformIsARowNamingTheErrorAndItsClientIsClosed() {
    InferenceClient client = mock(InferenceClient.class);
    when(client.generate(any())).thenThrow(
        new BackendUnavailableException("groq", "connection refused\n(http://127.0.0.1:1/v1)", true));

    MeasuredPlatforms.Outcome o = MeasuredPlatforms.measure("groq", () -> client, request, "",
        OptionalDouble.empty(), ProgressLine.NONE);

    assertTrue(o.response().isEmpty());
    assertTrue(o.row().failure().startsWith("BackendUnavailableException: "), o.row().failure());
    assertTrue(!o.row().failure().contains("\n"), "one line: " + o.row().failure());
    verify(client).close();
  }
}
