package io.infer4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link InferenceException#withRoute} copies the failure whole, and leaves the original alone. */
class InferenceExceptionRouteTest {

  private static final RouteDecision ROUTE = new RouteDecision(
      List.of(new RouteDecision.Candidate("a", Duration.ofMillis(10), null, true, "")), "a", "fastest",
      List.of(new RouteDecision.Attempt("a", RouteDecision.Outcome.FAILED, Duration.ofMillis(3), "down", false)));

  @Test
  void aCopyKeepsClassMessageCauseStackAndFieldsAndTheOriginalHasNoRoute() {
    IllegalStateException cause = new IllegalStateException("socket");
    BackendUnavailableException original = new BackendUnavailableException("a", "down", true, cause);
    original.addSuppressed(new RuntimeException("cleanup"));
    InferenceException copy = original.withRoute(ROUTE);

    assertNotSame(original, copy);
    BackendUnavailableException typed = (BackendUnavailableException) copy;
    assertEquals(original.getMessage(), typed.getMessage());
    assertSame(cause, typed.getCause());
    assertArrayEquals(original.getStackTrace(), typed.getStackTrace());
    assertEquals(1, typed.getSuppressed().length);
    assertEquals("a", typed.backend());
    assertTrue(typed.isRetryable());
    assertEquals(ROUTE, typed.route().orElseThrow());
    assertTrue(original.route().isEmpty());
  }

  @Test
  void everyKindCanCarryARouteAndKeepsItsOwnFields() {
    List<InferenceException> all = List.of(
        new InvalidRequestException("sampling.temperature", "is -1"),
        new InvalidConfigurationException("infer4j.backend", "x", "unknown"),
        new BackendUnavailableException("a", "down", false),
        new RateLimitedException("a", "slow down", Duration.ofSeconds(2)),
        new DeadlineExceededException("no first token within 200 ms", "Once"),
        new ModelNotFoundException("m", "missing"),
        new ModelFormatException("f.gguf", "bad magic"),
        new StreamInterruptedException("reset", "Once upon", null));
    for (InferenceException e : all) {
      InferenceException copy = e.withRoute(ROUTE);
      assertSame(e.getClass(), copy.getClass());
      assertEquals(e.getMessage(), copy.getMessage());
      assertEquals(e.isRetryable(), copy.isRetryable());
      assertEquals(ROUTE, copy.route().orElseThrow());
    }
    RateLimitedException limited = (RateLimitedException) all.get(3).withRoute(ROUTE);
    assertEquals(Duration.ofSeconds(2), limited.retryAfter().orElseThrow());
    assertEquals("Once upon", ((StreamInterruptedException) all.get(7).withRoute(ROUTE)).partialText());
    assertEquals("x", ((InvalidConfigurationException) all.get(1).withRoute(ROUTE)).value());
    InvalidRequestException request = (InvalidRequestException) all.get(0).withRoute(ROUTE);
    assertEquals("sampling.temperature", request.field());
    assertEquals("is -1", request.problem());
    ModelFormatException format = (ModelFormatException) all.get(6).withRoute(ROUTE);
    assertEquals("f.gguf", format.source());
    assertEquals("bad magic", format.problem());
  }

  @Test
  void aDeadlineKeepsItsRouteWhenItGainsPartialText() {
    DeadlineExceededException e = (DeadlineExceededException)
        new DeadlineExceededException("no answer within 1 s").withRoute(ROUTE);
    DeadlineExceededException withText = e.withPartialText("Once");
    assertEquals("Once", withText.partialText());
    assertEquals(ROUTE, withText.route().orElseThrow());
  }

  @Test
  void aNullRouteIsRejected() {
    assertThrows(NullPointerException.class, () -> new ModelNotFoundException("m", "x").withRoute(null));
  }
}
