package io.infer4j.contract;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.support.WordBackend;
import java.time.Duration;
import java.util.Optional;

/** The contract, run on sdk-api's own test backend (so the suite itself is exercised here). */
class WordBackendContractTest extends InferenceClientContract {

  @Override
  protected InferenceClient newClient() {
    return InferenceClients.of("words", new WordBackend("w", Duration.ofMillis(2)));
  }

  @Override
  protected Optional<InferenceRequest> slowFirstTokenRequest() {
    return Optional.of(deterministicRequest()); // 2 ms per token cannot meet a 1 ms budget
  }
}
