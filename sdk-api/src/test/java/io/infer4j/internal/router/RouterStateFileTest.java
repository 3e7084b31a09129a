package io.infer4j.internal.router;

import static io.infer4j.internal.router.ScriptedBackend.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a router learnt survives a restart through {@code state-file} (issue 12, point 1); a
 * missing, corrupt or stale file is ignored with one log line.
 */
class RouterStateFileTest {
  private static final Duration MS = Duration.ofMillis(1);

  private final VirtualClock clock = new VirtualClock();
  private final AtomicLong wallMillis = new AtomicLong(1_764_800_000_000L);

  /** {@code fast}: first token after 60 ms; {@code slow}: after 1,200 ms, and cheaper. */
  private RouterBackend router(Path state, ScriptedBackend fast, ScriptedBackend slow) {
    RouterSettings settings = RouterSettings.defaults(List.of("fast", "slow"))
        .withPolicy(Policy.CHEAPEST_WITHIN_BUDGET);
    List<Member> members = List.of(
        new Member(BackendProfile.plain("fast", 1).withCost(10), fast, settings),
        new Member(BackendProfile.plain("slow", 2).withCost(1), slow, settings));
    return new RouterBackend("router", members, settings, clock, state, wallMillis::get);
  }

  private ScriptedBackend fast() {
    return new ScriptedBackend("fast", clock::advance, answer(MS.multipliedBy(60), MS));
  }

  private ScriptedBackend slow() {
    return new ScriptedBackend("slow", clock::advance, answer(MS.multipliedBy(1200), MS));
  }

  private static InferenceRequest within(int ttftMs) {
    return InferenceRequest.builder().prompt("hello").maxTokens(4)
        .timeToFirstTokenBudget(Duration.ofMillis(ttftMs)).build();
  }

  @Test
  void aRestartedRouterRoutesItsFirstRequestWithWhatTheLastOneLearnt(@TempDir Path dir) {
    Path state = dir.resolve("router.state");
    // the first process learns both backends: a loose budget goes to the cheaper one, a tight
    // one (which the slow backend is now known to miss) to the fast one
    try (RouterBackend router = router(state, fast(), slow());
        InferenceClient client = RouterFixture.client(router, clock)) {
      assertEquals("slow", client.generate(within(5_000)).backend());
      assertEquals("fast", client.generate(within(500)).backend());
    }
    assertTrue(Files.exists(state), "written at close");

    // a new process, a minute later: its first request, with a budget only the fast one meets
    wallMillis.addAndGet(60_000);
    ScriptedBackend slow = slow();
    try (RouterBackend router = router(state, fast(), slow);
        InferenceClient client = RouterFixture.client(router, clock)) {
      InferenceResponse r = client.generate(within(500));
      assertEquals("fast", r.backend());
      assertEquals(0, slow.starts(), "the slow one was not tried to learn it");
      RouteDecision d = r.route();
      RouteDecision.Candidate slowCandidate = d.candidates().stream()
          .filter(c -> c.backend().equals("slow")).findFirst().orElseThrow();
      assertTrue(slowCandidate.note().startsWith("too slow"), slowCandidate.note());
      assertTrue(slowCandidate.note().contains("learnt from 1 observation"), slowCandidate.note());
    }
  }

  @Test
  void aMissingCorruptOrStaleFileIsIgnoredWithOneLogLine(@TempDir Path dir) throws Exception {
    List<LogRecord> logged = capture();
    try {
      // missing
      Path missing = dir.resolve("none.state");
      try (RouterBackend router = router(missing, fast(), slow())) {
        assertEquals(1, logged.size(), messages(logged));
        assertTrue(logged.get(0).getMessage().contains("does not exist yet"), messages(logged));
      }
      // corrupt: a number that is not one
      logged.clear();
      Path corrupt = dir.resolve("corrupt.state");
      Files.writeString(corrupt, RouterStateFile.HEADER + "\nsaved-at-epoch-ms 1764800000000\n"
          + "ttft fast sixty 5 100\n");
      ScriptedBackend slow = slow();
      try (RouterBackend router = router(corrupt, fast(), slow);
          InferenceClient client = RouterFixture.client(router, clock)) {
        assertEquals(1, logged.size(), messages(logged));
        assertTrue(logged.get(0).getMessage().contains("ignored: line 3: not a number"),
            messages(logged));
        // nothing restored: the router is cold, as without a file
        RouteDecision d = client.generate(within(5_000)).route();
        assertTrue(d.candidates().stream().allMatch(c -> c.note().contains("no prediction yet")),
            d.candidates().toString());
      }
      // stale: saved longer ago than the window (5 minutes by default)
      logged.clear();
      Path stale = dir.resolve("stale.state");
      Files.writeString(stale, RouterStateFile.HEADER + "\nsaved-at-epoch-ms "
          + (wallMillis.get() - 3_600_000) + "\nttft fast 60000000 5 100\n");
      try (RouterBackend router = router(stale, fast(), slow())) {
        assertEquals(1, logged.size(), messages(logged));
        assertTrue(logged.get(0).getMessage().contains("ignored: stale"), messages(logged));
      }
    } finally {
      release();
    }
  }

  private Handler handler;

  private List<LogRecord> capture() {
    List<LogRecord> records = new ArrayList<>();
    Logger logger = Logger.getLogger("io.infer4j.router");
    handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage() != null && r.getMessage().contains("state file")) {
          records.add(r);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    handler.setLevel(Level.ALL);
    logger.addHandler(handler);
    logger.setLevel(Level.ALL);
    return records;
  }

  private void release() {
    Logger.getLogger("io.infer4j.router").removeHandler(handler);
  }

  private static String messages(List<LogRecord> records) {
    return records.stream().map(LogRecord::getMessage).toList().toString();
  }
}
