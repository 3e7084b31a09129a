package io.infer4j.testing;

import io.infer4j.spi.Capability;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a fresh {@link FakeBackend} the configured inference backend for each test, so code that
 * builds its client with {@code InferenceClients.fromConfig()} gets the fake without changes.
 * Declare a {@code FakeBackend} parameter on the test (or a {@code @BeforeEach} method) to script
 * it and check what it received.
 *
 * <pre>{@code
 * @FakeInference
 * class SummarizerTest {
 *   @Test
 *   void summarizes(FakeBackend fake) {
 *     fake.reply("A short story.");
 *     assertEquals("A short story.", new Summarizer().summarize("..."));
 *     fake.assertRequestCount(1);
 *   }
 * }
 * }</pre>
 *
 * <p>On a class it applies to every test; on a method it overrides the class's annotation (its
 * instance name and disabled capabilities). See {@link FakeInferenceExtension} for what is set and
 * restored.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FakeInferenceExtension.class)
public @interface FakeInference {

  /**
   * {@return the backend instance name the fake is installed as (what {@code infer4j.backend} is set to
   * and what responses report as their backend): letters, digits, {@code -} and {@code _}}
   */
  String instance() default "fake";

  /**
   * {@return the capabilities the fake starts without ({@link FakeBackend#disable}), so that code
   * building its client when the test starts already sees them off: {@code @FakeInference(disable =
   * Capability.TOOLS)}; none by default}
   */
  Capability[] disable() default {};
}
