/**
 * The latency-budget router (provider {@code router}): predictions per backend, policy ranking,
 * fallback, circuit breakers, rate-limit avoidance, hedging and the routing decision. Not API;
 * configure it through {@link io.infer4j.internal.router.RouterProvider}'s keys and ask for a
 * decision with {@link io.infer4j.Routing#explain}.
 */
package io.infer4j.internal.router;
