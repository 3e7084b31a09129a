package io.infer4j.quarkus.it;

import io.infer4j.InferenceListener;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A listener bean of the application: infer4j-sdk-cdi adds every {@link InferenceListener.Factory}
 * bean to the container's clients. Records the instance of each request.
 */
@Dependent
public class CountingListener {

  static final List<String> CLIENTS = new CopyOnWriteArrayList<>();

  @Produces
  @Singleton
  InferenceListener.Factory counting() {
    return call -> {
      CLIENTS.add(call.client());
      return InferenceListener.NONE;
    };
  }
}
