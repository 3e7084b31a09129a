/**
 * infer4j's API: one inference interface ({@link io.infer4j.InferenceClient}), the request and
 * response types, and the service provider interface ({@code io.infer4j.spi}) that backends
 * implement. Backends are found with {@link java.util.ServiceLoader}; the router is one of them.
 */
module io.infer4j.api {
  // InferenceClients.fromConfig(Config) names a MicroProfile Config type.
  requires transitive org.eclipse.microprofile.config;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jdk8;
  requires com.networknt.schema;

  exports io.infer4j;
  exports io.infer4j.spi;

  uses io.infer4j.spi.BackendProvider;
  uses io.infer4j.spi.ListenerProvider;

  provides io.infer4j.spi.BackendProvider with io.infer4j.internal.router.RouterProvider;
}
