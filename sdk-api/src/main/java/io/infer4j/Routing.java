package io.infer4j;

import io.infer4j.internal.BackendClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a client how it would route a request, without running it (what the {@code route} command
 * prints).
 *
 * <p>For a client over the router ({@code infer4j.backend=router}, or any backend that routes: see
 * {@link io.infer4j.spi.Backend#explain}) the answer lists every
 * configured backend with its predicted time to first token and total time, whether it fits the
 * budget and why, the first choice and the reason; {@link RouteDecision#attempts()} is empty.
 * When the router would fail at once (nothing fits and {@code infer4j.router.when-none-fits=fail},
 * or nothing is available), {@link RouteDecision#chosen()} is empty and the reason says why. For
 * any other client the answer is {@link RouteDecision#direct}.
 *
 * <p>Nothing is started and nothing the router learnt changes; the budget is taken as starting
 * now, with the parts the request leaves unset filled from the client's configured defaults
 * ({@code infer4j.latency-budget.*}), as a request sent to it would be. Thread-safe.
 */
public final class Routing {

  private Routing() {}

  /**
   * {@return the decision {@code client} would make for {@code request} now}
   *
   * @param client any client
   * @param request a valid request
   * @throws NullPointerException if an argument is null
   */
  public static RouteDecision explain(InferenceClient client, InferenceRequest request) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(request, "request");
    while (client instanceof DelegatingClient) {
      client = ((DelegatingClient) client).delegate();
    }
    if (client instanceof BackendClient) {
      BackendClient backendClient = (BackendClient) client;
      Optional<RouteDecision> routed =
          backendClient.backend().explain(backendClient.defaultBudget().fill(request));
      if (routed.isPresent()) {
        return routed.get();
      }
    }
    return RouteDecision.direct(client.name());
  }
}
