package io.infer4j.lpu.internal;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.contract.InferenceClientContract;
import io.infer4j.runtime.testing.SharedFiles;
import java.util.Map;
import java.util.Optional;

/** The SDK contract on the "lpu" backend (no pacing), with stories260K. */
class LpuBackendContractTest extends InferenceClientContract {

  @Override
  protected InferenceClient newClient() {
    return InferenceClients.create("lpu", Map.of(
        "model", SharedFiles.model("stories260K.bin").toString(),
        "tokenizer", SharedFiles.model("tok512.bin").toString()));
  }

  /** About 400 prompt tokens: far more than 1 ms of forward passes before the first token. */
  @Override
  protected Optional<InferenceRequest> slowFirstTokenRequest() {
    return Optional.of(InferenceRequest.builder()
        .prompt("Once upon a time there was a little dog. ".repeat(40))
        .maxTokens(4).temperature(0).build());
  }
}
