package io.infer4j.internal.router;

import io.infer4j.InferenceClient;
import io.infer4j.internal.BackendClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** Builds a router over scripted backends, and a client over it on the same clock. */
final class RouterFixture {

  private RouterFixture() {}

  static RouterBackend router(
      RouterSettings settings, LongSupplier clock, List<BackendProfile> profiles, ScriptedBackend... backends) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < backends.length; i++) {
      members.add(new Member(profiles.get(i), backends[i], settings));
    }
    return new RouterBackend("router", members, settings, clock);
  }

  /** A router whose profiles are plain (no cost, priority by position, no priors). */
  static RouterBackend router(RouterSettings settings, LongSupplier clock, ScriptedBackend... backends) {
    List<BackendProfile> profiles = new ArrayList<>();
    for (int i = 0; i < backends.length; i++) {
      profiles.add(BackendProfile.plain(settings.backends().get(i), i + 1));
    }
    return router(settings, clock, profiles, backends);
  }

  static InferenceClient client(RouterBackend router, LongSupplier clock) {
    return new BackendClient("router", router, clock, Clock.systemUTC());
  }
}
