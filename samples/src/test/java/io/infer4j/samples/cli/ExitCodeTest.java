package io.infer4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infer4j.BackendUnavailableException;
import io.infer4j.DeadlineExceededException;
import io.infer4j.InvalidConfigurationException;
import io.infer4j.InvalidRequestException;
import io.infer4j.ModelFormatException;
import io.infer4j.ModelNotFoundException;
import io.infer4j.RateLimitedException;
import io.infer4j.StreamInterruptedException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExitCodeTest {

  @Test
  void everyExitCodeIsDistinct() {
    long distinct = Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code).distinct().count();

    assertEquals(ExitCode.values().length, distinct);
  }

  @Test
  void successIsZeroAndUsageIsPicocliTwo() {
    assertEquals(0, ExitCode.SUCCESS.code());
    assertEquals(2, ExitCode.USAGE.code());
  }

  @Test
  void eachSdkFailureHasItsOwnCode() {
    assertEquals(ExitCode.INVALID_REQUEST, ExitCode.of(new InvalidRequestException("f", "p")));
    assertEquals(ExitCode.INVALID_CONFIGURATION,
        ExitCode.of(new InvalidConfigurationException("k", "v", "p")));
    assertEquals(ExitCode.BACKEND_UNAVAILABLE,
        ExitCode.of(new BackendUnavailableException("b", "m", true)));
    assertEquals(ExitCode.RATE_LIMITED,
        ExitCode.of(new RateLimitedException("b", "m", Duration.ofSeconds(1))));
    assertEquals(ExitCode.DEADLINE_EXCEEDED, ExitCode.of(new DeadlineExceededException("late")));
    assertEquals(ExitCode.MODEL_NOT_FOUND, ExitCode.of(new ModelNotFoundException("m", "gone")));
    assertEquals(ExitCode.MODEL_FORMAT, ExitCode.of(new ModelFormatException("f.gguf", "bad")));
    assertEquals(ExitCode.STREAM_INTERRUPTED,
        ExitCode.of(new StreamInterruptedException("cut", "part", null)));
  }

  @Test
  void anyOtherFailureIsUnexpected() {
    assertEquals(ExitCode.UNEXPECTED, ExitCode.of((Throwable) new IllegalStateException("bug")));
  }
}
