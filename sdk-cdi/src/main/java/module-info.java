/**
 * Jakarta CDI integration: {@code @Inject InferenceClient}, named clients, listener beans. The
 * container reads the beans reflectively, so their packages are open; a container on the class
 * path that defines proxies in the beans' packages (Weld SE) needs {@code --add-reads
 * io.infer4j.cdi=ALL-UNNAMED} when this module is on the module path. Depend on {@code
 * io.infer4j:infer4j-sdk-cdi}.
 */
module io.infer4j.cdi {
  requires transitive io.infer4j.api;
  requires transitive jakarta.cdi;

  exports io.infer4j.cdi;
  // sdk-health observes the clients this module creates (ClientCreated, ClientRegistry).
  exports io.infer4j.cdi.internal to io.infer4j.health;
  opens io.infer4j.cdi;
  opens io.infer4j.cdi.internal;
}
