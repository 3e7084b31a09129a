package io.infer4j.cdi.internal;

import io.infer4j.DelegatingClient;
import io.infer4j.InferenceClient;
import io.infer4j.InferenceRequest;
import io.infer4j.InferenceResponse;
import io.infer4j.InferenceStream;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The view of a shared client that beans receive: everything delegates, except {@link #close()},
 * which does nothing because the {@link ClientRegistry} owns the client and closes it when the
 * container shuts down ({@link #release()}). Thread-safe as the delegate is.
 */
final class ContainerOwnedClient implements DelegatingClient {

  private final InferenceClient delegate;

  ContainerOwnedClient(InferenceClient delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public InferenceClient delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public InferenceResponse generate(InferenceRequest request) {
    return delegate.generate(request);
  }

  @Override
  public CompletableFuture<InferenceResponse> generateAsync(InferenceRequest request) {
    return delegate.generateAsync(request);
  }

  @Override
  public CompletableFuture<InferenceResponse> generateAsync(
      InferenceRequest request, Executor executor) {
    return delegate.generateAsync(request, executor);
  }

  @Override
  public InferenceStream stream(InferenceRequest request) {
    return delegate.stream(request);
  }

  /** Does nothing: other beans share this client; the container closes it at shutdown. */
  @Override
  public void close() {}

  /** Closes the client for everyone; called by the registry only. */
  void release() {
    delegate.close();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
