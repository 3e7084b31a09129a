/**
 * Jakarta CDI integration: inject {@link io.infer4j.InferenceClient} configured through
 * MicroProfile Config.
 *
 * <pre>{@code
 * # META-INF/microprofile-config.properties
 * infer4j.backend=sim
 * infer4j.backends.sim.type=lpu
 * infer4j.backends.groq.type=remote
 *
 * @Inject InferenceClient client;                 // "sim", chosen by infer4j.backend
 * @Inject @Backend("groq") InferenceClient groq;  // a named instance
 * }</pre>
 *
 * <p>Adding {@code infer4j-sdk-cdi} to the application is all it takes: the jar is a bean archive
 * ({@code META-INF/beans.xml}, discovery mode {@code annotated}) holding producer beans, no
 * portable extension.
 *
 * <p><b>Scope and ownership.</b> The producers are {@code @Dependent}, but what they return is
 * shared: an application-scoped registry creates one client per backend name (the default one,
 * named by {@code infer4j.backend}, when the application starts; others on first injection), and
 * closes them all when the application context ends (container shutdown).
 * Injected clients belong to the container: their {@code close()} does nothing; requests after
 * container shutdown fail with {@link io.infer4j.BackendUnavailableException}.
 *
 * <p><b>Threads.</b> Injected clients are thread-safe like every {@link
 * io.infer4j.InferenceClient}; the registry creates each client at most once even under
 * concurrent first use (creation holds a lock, later lookups do not).
 *
 * <p><b>Configuration.</b> Values are read through {@link io.infer4j.InferenceClients#fromConfig()}
 * with the thread context class loader of the first injection: MicroProfile Config when an
 * implementation is present, else system properties and environment variables.
 *
 * <p><b>Listeners.</b> Besides the listener providers found by {@code ServiceLoader}, every bean
 * of type {@link io.infer4j.InferenceListener.Factory} (any qualifier) listens to the container's
 * clients. In Quarkus, where the {@code OpenTelemetry} is a bean and not the global one, this
 * connects {@code infer4j-opentelemetry}:
 *
 * <pre>{@code
 * @Produces @Singleton
 * InferenceListener.Factory telemetry(OpenTelemetry openTelemetry) {
 *   return InferenceTelemetry.create(openTelemetry);
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> An unknown or misconfigured {@code infer4j.backend} fails the application's
 * start-up with {@link io.infer4j.InvalidConfigurationException} naming the key, the bad value and
 * the available backends. An unknown {@link io.infer4j.cdi.Backend @Backend} name, or a missing
 * {@code infer4j.backend} for the unqualified client, fails the same way when the client is first
 * needed (see {@link io.infer4j.cdi.Backend}); it is not cached, so a later injection tries again.
 *
 * <p><b>CDI Lite.</b> Only CDI Lite features are used (normal and dependent scopes, producer
 * methods, {@code InjectionPoint}, {@code Instance}, {@code Event}, {@code @PreDestroy}, an
 * observer of the CDI 4.0 {@code Startup} event), so the same jar works in CDI Full (Weld, tested in Weld SE) and in CDI Lite
 * (Quarkus ArC, tested in Quarkus 3.33 by the {@code quarkus-it} module). In Quarkus, an
 * application that looks clients up only through {@code CDI.current()} (no injection point of type
 * {@code InferenceClient} or {@code Instance<InferenceClient>}) should mark a bean {@code
 * @Unremovable} or list the producers in {@code quarkus.arc.unremovable-types}, since ArC removes
 * beans it sees unused.
 */
package io.infer4j.cdi;
