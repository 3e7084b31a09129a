/**
 * MicroProfile Health checks (readiness, liveness) of the CDI container's infer4j clients.
 * Depend on {@code io.infer4j:infer4j-sdk-health} next to {@code infer4j-sdk-cdi}.
 */
module io.infer4j.health {
  requires transitive io.infer4j.cdi;
  // Neither API jar names its module: these are the names derived from the jar files.
  requires microprofile.health.api;
  requires smallrye.health.api;

  exports io.infer4j.health;
  opens io.infer4j.health;
  opens io.infer4j.health.internal;
}
