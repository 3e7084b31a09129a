package io.infer4j.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.spi.BackendHealth.State;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link BackendHealth}: a state, a reason when not up, and details of three types. */
class BackendHealthTest {

  @Test
  void upHasNoDetailsAndIsReadyAndLive() {
    BackendHealth up = BackendHealth.up();

    assertEquals(State.UP, up.state());
    assertEquals(Map.of(), up.details());
    assertTrue(up.isUp());
    assertTrue(up.isLive());
    assertTrue(up.reason().isEmpty());
  }

  @Test
  void downIsLiveButNotReadyAndClosedIsNeither() {
    BackendHealth down = BackendHealth.down("every endpoint is ejected");
    BackendHealth closed = BackendHealth.closed("backend is closed");

    assertFalse(down.isUp());
    assertTrue(down.isLive());
    assertEquals("every endpoint is ejected", down.reason().orElseThrow());
    assertFalse(closed.isUp());
    assertFalse(closed.isLive());
  }

  @Test
  void detailsKeepTheirOrderAndAnIntegerBecomesALong() {
    Map<String, Object> given = new java.util.LinkedHashMap<>();
    given.put("model", "m");
    given.put("chips", 8);
    given.put("groq.circuit_state", "open");
    BackendHealth h = new BackendHealth(State.UP, given).with("loaded", true).with("chips", 4L);

    assertEquals(List.of("model", "chips", "groq.circuit_state", "loaded"),
        List.copyOf(h.details().keySet()));
    assertEquals(4L, h.details().get("chips"));
    assertThrows(UnsupportedOperationException.class, () -> h.details().put("x", "y"));
  }

  @Test
  void detailsAreCopied() {
    Map<String, Object> given = new HashMap<>(Map.of("model", "m"));
    BackendHealth h = new BackendHealth(State.UP, given);
    given.put("model", "changed");

    assertEquals("m", h.details().get("model"));
  }

  @Test
  void aStateOtherThanUpNeedsAReason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BackendHealth(State.DOWN, Map.of("endpoints", 1L)));
    assertTrue(e.getMessage().contains("says why"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BackendHealth.closed(" "));
  }

  @Test
  void detailsAreStringsLongsOrBooleansUnderSnakeCaseKeys() {
    assertThrows(IllegalArgumentException.class,
        () -> new BackendHealth(State.UP, Map.of("latency", 1.5)));
    assertThrows(IllegalArgumentException.class,
        () -> new BackendHealth(State.UP, Map.of("has space", "x")));
    assertThrows(IllegalArgumentException.class,
        () -> new BackendHealth(State.UP, Map.of("trailing.", "x")));
    assertThrows(IllegalArgumentException.class,
        () -> new BackendHealth(State.UP, Map.of(BackendHealth.REASON, 3L)));
    assertThrows(NullPointerException.class, () -> BackendHealth.up().with("model", (String) null));
  }
}
