package io.infer4j.internal.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.BackendUnavailableException;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.support.RecordingListener;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A routed request with one fallback, as a listener hears it. */
class RouterListenerTest {

  @Test
  void theFirstChoiceFailsTheFallbackServesAndBothAttemptsAreReported() {
    ScriptedBackend a = new ScriptedBackend("a", ScriptedBackend.realTime(),
        ScriptedBackend.failOnStart(new BackendUnavailableException("a", "503", true)));
    ScriptedBackend b = new ScriptedBackend("b", ScriptedBackend.realTime(),
        ScriptedBackend.answer(Duration.ZERO, Duration.ZERO)).stoppingAfter(2);
    RouterBackend router = RouterFixture.router(RouterSettings.defaults(List.of("a", "b")), System::nanoTime, a, b);
    RecordingListener recorder = new RecordingListener();
    try (InferenceClient client = InferenceClients.withListener(
        RouterFixture.client(router, System::nanoTime), recorder)) {
      client.generate(InferenceRequest.builder().prompt("x").maxTokens(5).build());
    }
    assertEquals(List.of(
        "start text_completion router",
        "attempt 1 FIRST a",
        "attempt 1 FAILED BackendUnavailableException",
        "attempt 2 FALLBACK b",
        "first chunk",
        "chunk 0",
        "chunk 1",
        "attempt 2 SUCCEEDED",
        "end STOP b"), recorder.events());
  }
}
