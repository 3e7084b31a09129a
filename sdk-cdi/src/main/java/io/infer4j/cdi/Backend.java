package io.infer4j.cdi;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Objects;

/**
 * Selects a named backend instance for an injected {@link io.infer4j.InferenceClient}:
 *
 * <pre>{@code
 * @Inject @Backend("groq") InferenceClient groq;   // infer4j.backends.groq.type=remote, ...
 * @Inject InferenceClient client;                  // the one named by infer4j.backend
 * }</pre>
 *
 * <p>The name is resolved exactly as {@link io.infer4j.InferenceClients#fromConfig(String)}
 * resolves it: a configured instance ({@code infer4j.backends.<name>.type=<provider>}) or, without
 * a type key, the provider of that name. Every injection point with the same name shares one
 * client, and the unqualified client is shared with {@code @Backend} of the name that {@code
 * infer4j.backend} chooses.
 *
 * <p>{@link #value()} is {@link Nonbinding}: one producer serves every name and reads the name
 * from the injection point. For programmatic lookup use {@link Literal}, e.g. {@code
 * instance.select(Backend.Literal.of("groq")).get()}.
 *
 * <p><b>Errors.</b> An unknown or misconfigured name fails with {@link
 * io.infer4j.InvalidConfigurationException} when the client is first needed; for an unknown name
 * it names the key that would configure it ({@code infer4j.backends.<name>.type}, not set) and the
 * available backends. It is raised when the bean that injects it is created, which for a
 * normal-scoped bean ({@code @ApplicationScoped}, {@code @RequestScoped}) is its first method call.
 * Weld throws it as it is; Quarkus ArC, injecting a field, throws a {@code RuntimeException}
 * ("Error injecting ...") whose cause it is.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, METHOD, TYPE})
public @interface Backend {

  /**
   * The backend instance name.
   *
   * @return the instance name, e.g. {@code "groq"}: letters, digits, {@code -} and {@code _}
   */
  @Nonbinding
  String value();

  /**
   * An instance of {@link Backend} for programmatic lookup ({@code Instance.select}). Immutable
   * and thread-safe.
   */
  final class Literal extends AnnotationLiteral<Backend> implements Backend {
    private static final long serialVersionUID = 1L;

    /** The backend instance name (part of the serialized form). */
    private final String value;

    private Literal(String value) {
      this.value = Objects.requireNonNull(value, "value");
    }

    /**
     * The qualifier {@code @Backend(name)}. The name is checked when the client is created.
     *
     * @param name the backend instance name
     * @return the qualifier
     * @throws NullPointerException if {@code name} is null
     */
    public static Literal of(String name) {
      return new Literal(name);
    }

    /**
     * The backend instance name.
     *
     * @return the name given to {@link #of}
     */
    @Override
    public String value() {
      return value;
    }
  }
}
