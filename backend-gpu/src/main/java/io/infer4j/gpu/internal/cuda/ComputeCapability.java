package io.infer4j.gpu.internal.cuda;

/**
 * A CUDA compute capability, e.g. 9.0 for H100/H200, 8.0 for A100, 8.9 for L4, 10.0 for B200.
 *
 * @param major at least 1
 * @param minor at least 0
 */
public record ComputeCapability(int major, int minor) {
  /** @throws IllegalArgumentException if a part is out of range */
  public ComputeCapability {
    if (major < 1 || minor < 0 || minor > 9) {
      throw new IllegalArgumentException("not a compute capability: " + major + "." + minor);
    }
  }

  /** The NVRTC option that targets this capability's virtual architecture (PTX). */
  public String nvrtcArchOption() {
    return "--gpu-architecture=compute_" + major + minor;
  }

  /** The key PTX is cached under, e.g. {@code sm_90}. */
  public String key() {
    return "sm_" + major + minor;
  }
}
