package io.infer4j.quarkus.it;

import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * A Quarkus command-mode application: prints a story that starts with the arguments, and its
 * review, then exits (which closes the clients). The Quarkus counterpart of the CDI SE sample
 * {@code io.infer4j.samples.cdi.StoryApp}.
 */
@QuarkusMain
public class StoryApp implements QuarkusApplication {

  private final StoryTeller storyTeller;

  @Inject
  public StoryApp(StoryTeller storyTeller) {
    this.storyTeller = storyTeller;
  }

  @Override
  public int run(String... args) {
    String opening = args.length > 0 ? String.join(" ", args) : "Once upon a time";
    System.out.println(storyTeller.storyWithReview(opening));
    return 0;
  }
}
