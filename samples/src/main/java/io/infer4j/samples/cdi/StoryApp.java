package io.infer4j.samples.cdi;

import io.infer4j.samples.cli.internal.QuietLogging;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * A small CDI SE application: starts Weld, lets it inject infer4j clients into {@link
 * StoryTeller}, prints a story and its review, and shuts down (which closes the clients).
 *
 * <pre>
 * java -Dinfer4j.backend=fake -Dinfer4j.backends.critic.type=fake \
 *      -cp samples/target/infer4j.jar io.infer4j.samples.cdi.StoryApp "Once upon a time"
 * </pre>
 */
public final class StoryApp {

  private StoryApp() {}

  public static void main(String[] args) {
    QuietLogging.apply(); // Weld's start-up lines would otherwise go to stderr
    String opening = args.length > 0 ? String.join(" ", args) : "Once upon a time";
    Weld weld = new Weld()
        .disableDiscovery()
        .addPackages(true, StoryTeller.class)
        .addPackages(true, io.infer4j.cdi.Backend.class);
    try (WeldContainer container = weld.initialize()) {
      System.out.println(container.select(StoryTeller.class).get().storyWithReview(opening));
    }
  }
}
