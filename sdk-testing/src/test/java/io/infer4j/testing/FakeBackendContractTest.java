package io.infer4j.testing;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.contract.InferenceClientContract;
import java.time.Duration;
import java.util.Optional;

/** The shared client contract, run on the fake with latency so cancellation has work to stop. */
class FakeBackendContractTest extends InferenceClientContract {

  @Override
  protected InferenceClient newClient() {
    return FakeBackend.create().latency(Duration.ofMillis(20), Duration.ofMillis(5)).client();
  }

  @Override
  protected InferenceRequest longRequest() {
    return InferenceRequest.builder()
        .prompt("one two three four five six seven eight nine ten eleven twelve")
        .maxTokens(200)
        .build();
  }

  @Override
  protected Optional<InferenceRequest> slowFirstTokenRequest() {
    return Optional.of(deterministicRequest()); // 20 ms before the first chunk > 1 ms budget
  }
}
