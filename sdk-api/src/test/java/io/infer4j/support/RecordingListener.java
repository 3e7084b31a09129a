package io.infer4j.support;

import io.infer4j.EmbeddingResponse;
import io.infer4j.InferenceException;
import io.infer4j.InferenceListener;
import io.infer4j.InferenceResponse;
import io.infer4j.RouteDecision;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Writes every event of every request it listens to as one line, in order. */
public final class RecordingListener implements InferenceListener.Factory {

  private final List<String> events = new CopyOnWriteArrayList<>();

  public List<String> events() {
    return events;
  }

  @Override
  public InferenceListener create(InferenceListener.Call call) {
    return new InferenceListener() {
      @Override
      public void requestStart(Call c) {
        events.add("start " + c.operation().conventionName() + " " + c.client()
            + (c.streamed() ? " streamed" : ""));
      }

      @Override
      public void firstChunk(Call c, Duration ttft) {
        events.add("first chunk");
      }

      @Override
      public void chunk(Call c, io.infer4j.TokenChunk chunk, Duration sinceStart) {
        events.add("chunk " + chunk.index());
      }

      @Override
      public void attemptStart(Call c, Attempt a) {
        events.add("attempt " + a.number() + " " + a.kind() + " " + a.backend());
      }

      @Override
      public void attemptEnd(Call c, Attempt a, RouteDecision.Outcome outcome, Duration elapsed,
          InferenceException failure) {
        events.add("attempt " + a.number() + " " + outcome
            + (failure != null ? " " + failure.getClass().getSimpleName() : ""));
      }

      @Override
      public void requestEnd(Call c, InferenceResponse response) {
        events.add("end " + response.finishReason() + " " + response.backend());
      }

      @Override
      public void embeddingEnd(Call c, EmbeddingResponse response, Duration elapsed) {
        events.add("embedded " + response.embeddings().size());
      }

      @Override
      public void requestFailed(Call c, InferenceException failure, Duration elapsed) {
        events.add("failed " + failure.getClass().getSimpleName());
      }
    };
  }
}
