package io.infer4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.BackendUnavailableException;
import io.infer4j.EmbeddingRequest;
import io.infer4j.FinishReason;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceStream;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.ResponseFormat;
import io.infer4j.UnsupportedCapabilityException;
import io.infer4j.spi.Capability;
import io.infer4j.support.CannedBackend;
import io.infer4j.support.RecordingListener;
import io.infer4j.support.RecordingListenerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a listener hears from a client, in order, exactly one end per request. */
class ListenerEventsTest {

  private final RecordingListener recorder = new RecordingListener();

  @AfterEach
  void stopRecording() {
    RecordingListenerProvider.recorder = null;
  }

  private InferenceClient client(CannedBackend backend) {
    return InferenceClients.withListener(InferenceClients.of("canned", backend), recorder);
  }

  @Test
  void aBlockingRequestStartsGetsItsFirstChunkAndEndsOnce() {
    client(CannedBackend.capableOfAll().answering(FinishReason.STOP, "Once", " upon"))
        .generate(InferenceRequest.ofUserMessage("hi"));
    assertEquals(List.of("start chat canned", "first chunk", "chunk 0", "chunk 1", "end STOP canned"),
        recorder.events());
  }

  @Test
  void aStreamClosedEarlyEndsCancelled() {
    try (InferenceStream s = client(CannedBackend.capableOfAll().answering(FinishReason.STOP, "a", "b", "c"))
        .stream(InferenceRequest.ofPrompt("x"))) {
      s.iterator().next();
      s.close();
      assertEquals(FinishReason.CANCELLED, s.response().finishReason());
    }
    assertEquals(List.of("start text_completion canned streamed", "first chunk", "chunk 0",
        "end CANCELLED canned"),
        recorder.events());
  }

  @Test
  void refusedAndInvalidAnswersAreFailuresWithTheirType() {
    InferenceClient textOnly = client(new CannedBackend(Capability.CHAT).answering(FinishReason.STOP, "x"));
    assertThrows(UnsupportedCapabilityException.class, () -> textOnly.generate(
        InferenceRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build()));
    InferenceClient json = client(CannedBackend.capableOfAll().answering(FinishReason.STOP, "[1]"));
    assertThrows(io.infer4j.StructuredOutputException.class, () -> json.generate(
        InferenceRequest.builder().user("x").responseFormat(ResponseFormat.JSON_OBJECT).build()));
    assertEquals(List.of("start chat canned", "failed UnsupportedCapabilityException",
        "start chat canned", "first chunk", "chunk 0", "failed StructuredOutputException"),
        recorder.events());
  }

  @Test
  void aListenerThatThrowsChangesNothing() {
    InferenceClient c = InferenceClients.withListener(
        InferenceClients.of("canned", CannedBackend.capableOfAll().answering(FinishReason.STOP, "ok")),
        call -> new InferenceListener() {
          @Override
          public void requestStart(Call call) {
            throw new IllegalStateException("broken listener");
          }

          @Override
          public void requestEnd(Call call, io.infer4j.InferenceResponse response) {
            throw new IllegalStateException("broken listener");
          }
        });
    assertEquals("ok", c.generate(InferenceRequest.ofUserMessage("x")).text());
  }

  /**
   * Attempts are numbered across the request: under a router a member's retry (which the member
   * numbers 2) and the router's fallback (which the router numbers 2) are 2 and 3; a client's own
   * retries keep theirs (its first try is the request itself); ends carry their start's number.
   */
  @Test
  void attemptsAreNumberedAcrossTheRequest() {
    InferenceListener.Call call = new InferenceListener.Call(InferenceListener.Operation.CHAT,
        "router", InferenceRequest.ofUserMessage("x"), null, false, java.time.Instant.now(), null);
    CallListeners routed = CallListeners.start(List.of(recorder), call);
    InferenceListener.Attempt first =
        new InferenceListener.Attempt("groq", InferenceListener.AttemptKind.FIRST, 1);
    InferenceListener.Attempt retry =
        new InferenceListener.Attempt("groq", InferenceListener.AttemptKind.RETRY, 2);
    InferenceListener.Attempt fallback =
        new InferenceListener.Attempt("nim", InferenceListener.AttemptKind.FALLBACK, 2);
    java.time.Duration took = java.time.Duration.ofMillis(5);
    BackendUnavailableException busy = new BackendUnavailableException("groq", "HTTP 503", true);
    routed.started(first);
    routed.started(retry);
    routed.ended(retry, io.infer4j.RouteDecision.Outcome.FAILED, took, busy);
    routed.ended(first, io.infer4j.RouteDecision.Outcome.FAILED, took, busy);
    routed.started(fallback);
    routed.ended(fallback, io.infer4j.RouteDecision.Outcome.SUCCEEDED, took, null);
    assertEquals(List.of("start chat router", "attempt 1 FIRST groq", "attempt 2 RETRY groq",
        "attempt 2 FAILED BackendUnavailableException", "attempt 1 FAILED BackendUnavailableException",
        "attempt 3 FALLBACK nim", "attempt 3 SUCCEEDED"), recorder.events());

    recorder.events().clear();
    CallListeners direct = CallListeners.start(List.of(recorder), call);
    for (int n = 2; n <= 3; n++) {
      InferenceListener.Attempt again =
          new InferenceListener.Attempt("groq", InferenceListener.AttemptKind.RETRY, n);
      direct.started(again);
      direct.ended(again, io.infer4j.RouteDecision.Outcome.FAILED, took, busy);
    }
    assertEquals(List.of("start chat router", "attempt 2 RETRY groq",
        "attempt 2 FAILED BackendUnavailableException", "attempt 3 RETRY groq",
        "attempt 3 FAILED BackendUnavailableException"), recorder.events());
  }

  /**
   * A budget that runs out is reported by the timer's thread; the caller, blocking or
   * asynchronous, gets the exception only once the listeners have recorded it, however slowly (a
   * test reading spans right after the exception). Before, an asynchronous caller had it first,
   * and a blocking one whenever the timer's thread won the race to report.
   */
  @Test
  void aCallerHasTheBudgetsFailureOnlyAfterItsListenersRecordedIt() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();
    InferenceListener.Factory slow = call -> new InferenceListener() {
      @Override
      public void requestFailed(Call c, io.infer4j.InferenceException failure,
          java.time.Duration elapsed) {
        try {
          Thread.sleep(150); // an exporter taking its time
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        recorded.set(true);
      }
    };
    InferenceRequest request = InferenceRequest.builder().user("x")
        .budget(io.infer4j.LatencyBudget.ofTotal(java.time.Duration.ofMillis(50))).build();
    for (boolean async : new boolean[] {true, false, true, false}) {
      recorded.set(false);
      try (InferenceClient client = InferenceClients.withListener(
          new BackendClient("deaf", new DeafBackend()), slow)) {
        if (async) {
          java.util.concurrent.CompletionException e = assertThrows(
              java.util.concurrent.CompletionException.class,
              () -> client.generateAsync(request).join());
          assertTrue(e.getCause() instanceof io.infer4j.DeadlineExceededException, e.toString());
        } else {
          assertThrows(io.infer4j.DeadlineExceededException.class, () -> client.generate(request));
        }
        assertTrue(recorded.get(), (async ? "async" : "blocking")
            + ": the caller had the failure before the listener recorded it");
      }
    }
  }

  @Test
  void embeddingsEndWithTheirVectors() {
    client(CannedBackend.capableOfAll()).embed(EmbeddingRequest.of("a", "b"));
    assertEquals(List.of("start embeddings canned", "embedded 2"), recorder.events());
  }

  @Test
  void configurationFindsListenerProvidersChoosesThemByNameAndRejectsUnknownOnes() {
    RecordingListenerProvider.recorder = recorder;
    try (InferenceClient c = InferenceClients.fromProperties(Map.of("infer4j.backend", "alpha"))) {
      c.generate(InferenceRequest.builder().prompt("x").maxTokens(2).build());
    }
    assertEquals("start text_completion alpha", recorder.events().get(0));
    recorder.events().clear();
    try (InferenceClient c = InferenceClients.fromProperties(
        Map.of("infer4j.backend", "alpha", "infer4j.listeners", "none"))) {
      c.generate(InferenceRequest.builder().prompt("x").maxTokens(2).build());
    }
    assertEquals(List.of(), recorder.events());
    InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
        () -> InferenceClients.fromProperties(Map.of("infer4j.backend", "alpha", "infer4j.listeners", "otel")));
    assertTrue(e.getMessage().contains("otel") && e.getMessage().contains("recording"), e.getMessage());
  }

  @Test
  void onlyClientsTheSdkMadeForTheCallerTakeAListener() {
    InferenceClient mock = org.mockito.Mockito.mock(InferenceClient.class);
    assertThrows(IllegalArgumentException.class, () -> InferenceClients.withListener(mock, recorder));
    assertThrows(BackendUnavailableException.class, () -> {
      InferenceClient original = InferenceClients.of("canned", CannedBackend.capableOfAll());
      InferenceClient listened = InferenceClients.withListener(original, recorder);
      listened.close();
      original.generate(InferenceRequest.ofUserMessage("x")); // closing one closed both
    });
  }
}
