package io.infer4j.internal.router;

import io.infer4j.InferenceClient;
import io.infer4j.InferenceClients;
import io.infer4j.InferenceRequest;
import io.infer4j.contract.InferenceClientContract;
import java.util.Map;
import java.util.Optional;

/**
 * The client contract, run on a router over two word backends (2 ms per token, no estimates or
 * priors), so the router behaves like any client. Hedging stays off: a hedge may legitimately let
 * the other backend answer, and the contract needs the same answer every time.
 */
class RouterContractTest extends InferenceClientContract {

  @Override
  protected InferenceClient newClient() {
    return InferenceClients.fromProperties(Map.of(
        "infer4j.backend", "router",
        "infer4j.router.backends", "one,two",
        "infer4j.backends.one.type", "alpha",
        "infer4j.backends.one.per-token", "2ms",
        "infer4j.backends.two.type", "beta",
        "infer4j.backends.two.per-token", "2ms"));
  }

  @Override
  protected Optional<InferenceRequest> slowFirstTokenRequest() {
    return Optional.of(deterministicRequest()); // 2 ms per token cannot meet a 1 ms budget
  }
}
