package io.infer4j.testing;

import io.infer4j.InferenceClients;
import io.infer4j.testing.internal.FakeInstallation;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link FakeInference}; it can also be used directly with {@code
 * @ExtendWith(FakeInferenceExtension.class)} (instance name {@code fake}).
 *
 * <p>Before each test it creates a fresh {@link FakeBackend}, installs it for the {@code fake}
 * provider under the instance name, and sets the system properties {@code infer4j.backend=<name>}
 * and {@code infer4j.backends.<name>.type=fake}; when MicroProfile Config is on the class path and
 * its cached configuration does not show the new values, the cached configuration is released so
 * the next {@code InferenceClients.fromConfig()} sees them. After the test it uninstalls the fake
 * and restores the properties' previous values (or removes them). The fake starts without the
 * capabilities the annotation's {@code disable} names. Test methods and lifecycle methods may
 * declare a {@code FakeBackend} parameter to get the test's fake.
 *
 * <p>Build the class under test in the test or in a {@code @BeforeEach} method, not in a field
 * initializer (fields are initialized before the fake is installed). Each client the code builds
 * gets a shared view of the fake: closing the client does not close the fake.
 *
 * <p><b>Threads.</b> System properties are global to the JVM: tests using this extension must not
 * run in parallel with each other or with tests that read {@code infer4j.backend}.
 */
public final class FakeInferenceExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeInferenceExtension.class);
  private static final String KEY = "installation";

  /** Creates the extension; JUnit does, for {@code @FakeInference} or {@code @ExtendWith}. */
  public FakeInferenceExtension() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    Optional<FakeInference> annotation = annotation(context);
    String instance = annotation.map(FakeInference::instance).orElse("fake");
    if (!InferenceClients.isValidInstanceName(instance)) {
      throw new ExtensionConfigurationException(
          "@FakeInference(instance = \"" + instance
              + "\") is not a valid backend name: use letters, digits, '-' and '_'");
    }
    FakeInstallation previous = context.getStore(NAMESPACE).get(KEY, FakeInstallation.class);
    if (previous != null) {
      previous.restore();
    }
    FakeBackend fake = FakeBackend.create();
    annotation.ifPresent(a -> fake.disable(a.disable()));
    context.getStore(NAMESPACE).put(KEY, FakeInstallation.install(instance, fake));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    FakeInstallation installation = context.getStore(NAMESPACE).remove(KEY, FakeInstallation.class);
    if (installation != null) {
      installation.restore();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == FakeBackend.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FakeInstallation installation = context.getStore(NAMESPACE).get(KEY, FakeInstallation.class);
    if (installation == null) {
      throw new ParameterResolutionException(
          "no FakeBackend is installed here: @FakeInference injects it into test methods and "
              + "@BeforeEach/@AfterEach methods, not constructors or @BeforeAll/@AfterAll methods");
    }
    return installation.fake();
  }

  /** The annotation on the test method, else on its class or an enclosing one; empty with none. */
  private static Optional<FakeInference> annotation(ExtensionContext context) {
    Optional<FakeInference> onMethod =
        context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, FakeInference.class));
    if (onMethod.isPresent()) {
      return onMethod;
    }
    for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = enclosing(c.get())) {
      Optional<FakeInference> onClass = AnnotationSupport.findAnnotation(c.get(), FakeInference.class);
      if (onClass.isPresent()) {
        return onClass;
      }
    }
    return Optional.empty();
  }

  private static Optional<Class<?>> enclosing(Class<?> c) {
    return Optional.ofNullable(c.getEnclosingClass());
  }
}
