package io.infer4j.gpu.internal;

/** One thing a GPU does during a decode or prefill step: a kernel or a collective. */
public sealed interface StepOp permits Kernel, Collective {

  /** A short name for breakdowns, e.g. {@code qkv} or {@code all_reduce}. */
  String name();
}
