/**
 * infer4j's API: one inference interface ({@link io.infer4j.InferenceClient}), the request and
 * response types, and the service provider interface ({@code io.infer4j.spi}) that backends
 * implement. Backends are found with {@link java.util.ServiceLoader}; the router is one of them.
 *
 * <h2>Which artifact to depend on</h2>
 *
 * <p>All artifacts have the group id {@code io.infer4j}; import {@code infer4j-bom} (type
 * {@code pom}, scope {@code import}) to align their versions. Code against this module, and add
 * one module per backend you use: a backend that is not on the class path or module path is not
 * among {@link io.infer4j.InferenceClients#availableProviders()}.
 *
 * <table class="striped">
 * <caption>The published artifacts</caption>
 * <thead><tr><th scope="col">artifact</th><th scope="col">Java module</th>
 *   <th scope="col">depend on it for</th></tr></thead>
 * <tbody>
 * <tr><th scope="row">{@code infer4j-sdk-api}</th><td>{@code io.infer4j.api} (Java 17)</td>
 *   <td>always: the client, requests and answers, the exceptions, configuration, the SPI</td></tr>
 * <tr><th scope="row">{@code infer4j-backend-remote}</th><td>{@code io.infer4j.remote} (17)</td>
 *   <td>OpenAI-compatible endpoints: GroqCloud, NVIDIA NIM, OpenAI, vLLM, Ollama, llama.cpp server</td></tr>
 * <tr><th scope="row">{@code infer4j-backend-lpu}</th><td>{@code io.infer4j.lpu} (25)</td>
 *   <td>backend {@code lpu}: a real model's tokens with the timing of simulated Groq LPU chips; the planner</td></tr>
 * <tr><th scope="row">{@code infer4j-backend-gpu}</th><td>{@code io.infer4j.gpu} (25)</td>
 *   <td>backend {@code gpu}: a model run in-process, on CUDA where present, else on the CPU</td></tr>
 * <tr><th scope="row">{@code infer4j-model-runtime}</th><td>{@code io.infer4j.runtime} (25)</td>
 *   <td>the in-process model runtime itself (GGUF, tokenizers, sampling); the two backends above bring it</td></tr>
 * <tr><th scope="row">{@code infer4j-sdk-testing}</th><td>{@code io.infer4j.testing} (17)</td>
 *   <td>tests (scope {@code test}): the fake backend, the JUnit 5 extension, record/replay</td></tr>
 * <tr><th scope="row">{@code infer4j-sdk-cdi}</th><td>{@code io.infer4j.cdi} (17)</td>
 *   <td>{@code @Inject InferenceClient} in a CDI container (Weld, Quarkus)</td></tr>
 * <tr><th scope="row">{@code infer4j-sdk-health}</th><td>{@code io.infer4j.health} (17)</td>
 *   <td>MicroProfile Health readiness and liveness checks of the CDI container's clients</td></tr>
 * <tr><th scope="row">{@code infer4j-opentelemetry}</th><td>{@code io.infer4j.opentelemetry} (17)</td>
 *   <td>metrics and spans of every request (OpenTelemetry GenAI conventions)</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Examples: the {@linkplain io.infer4j io.infer4j package} (requests, answers, streams) and
 * the package {@code io.infer4j.testing} of {@code infer4j-sdk-testing} (unit tests).
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
