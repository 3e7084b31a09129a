package io.infer4j.benchmarks.remote;

/**
 * One client under comparison, bound to the loopback server and a fixed request (one user message,
 * model {@code m}, at most {@link LoopbackServer#TOKENS} tokens). Used by one benchmark thread at a
 * time per stream, but {@link #blocking()} may be called from several threads at once.
 */
interface Contender extends AutoCloseable {

  /** The whole answer of a non-streamed request. */
  String blocking();

  /** A streamed request; the caller closes it. */
  TokenStream stream();

  @Override
  void close();

  /** The visible tokens of one streamed answer, in order. Not thread-safe. */
  interface TokenStream extends AutoCloseable {

    /** The next token with visible text, or {@code null} at the end. */
    String next();

    /** Ends the stream (cancelling it if unfinished). */
    @Override
    void close();
  }
}
