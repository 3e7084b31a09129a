package io.infer4j.lpu.internal;

import io.infer4j.Timing;
import io.infer4j.lpu.LpuProgram;
import io.infer4j.runtime.serving.ServingHook;
import io.infer4j.runtime.serving.TokenPause;
import io.infer4j.spi.GenerationResult;
import java.time.Duration;

/**
 * The simulated clock of one request on the LPU: the first token arrives after the network
 * latency, the queueing delay and the prefill of the actual prompt; each later one a decode step
 * later, at the context it actually has. With real-time pacing each step waits for its arrival
 * time. The response's timing is these simulated times. One per generation, driven by its thread.
 */
final class LpuTimeline implements ServingHook {
  /** The device name the simulated timing is reported for. */
  static final String DEVICE = "lpu";

  private final LpuProgram program;
  private final LpuSettings settings;
  private long firstNanos = -1;
  private long lastNanos;

  LpuTimeline(LpuProgram program, LpuSettings settings) {
    this.program = program;
    this.settings = settings;
  }

  /** Network latency plus queueing delay, in nanoseconds. */
  private long outsideNanos() {
    return settings.networkLatency().plus(settings.queueDelay()).toNanos();
  }

  @Override
  public void stepDone(int promptTokens, int step, TokenPause pause) {
    if (step == 0) {
      lastNanos = outsideNanos() + program.prefill(promptTokens).toNanos();
      firstNanos = lastNanos;
    } else {
      lastNanos += program.decodeStep(promptTokens + step).toNanos();
    }
    if (settings.pacing() == Pacing.REAL_TIME) {
      pause.awaitSinceStart(Duration.ofNanos(lastNanos));
    }
  }

  @Override
  public GenerationResult complete(GenerationResult result) {
    long first = firstNanos >= 0 ? firstNanos : outsideNanos();
    long total = firstNanos >= 0 ? lastNanos : first;
    int tokens = result.usage() == null ? 0 : result.usage().completionTokens();
    Timing timing = Timing.of(Duration.ofNanos(first), Duration.ofNanos(total), tokens, true)
        .on(DEVICE, program.chipsUsed());
    return result.withTiming(timing).withDevice(DEVICE, program.chipsUsed());
  }
}
