#pragma once
// Shared device helpers for the infer4j kernels. Header-free on purpose: NVRTC compiles these
// sources at run time without the CUDA toolkit's include directory, so nothing here includes
// cuda_fp16.h or any system header. Each .cu file includes it and is compiled on its own
// (CudaKernels.java hands it to NVRTC as a named header; the nvcc -ptx build check passes -I).

#define INFER4J_WARP 32

// IEEE half bits -> float (exact), through the PTX conversion instruction.
__device__ __forceinline__ float infer4j_h2f(unsigned short h) {
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
  return f;
}

// bfloat16 bits -> float (exact): the bits are the top half of a float32.
__device__ __forceinline__ float infer4j_bf2f(unsigned short b) {
  return __int_as_float(((unsigned int) b) << 16);
}

// Sum over the 32 lanes of a warp; every lane gets the result.
__device__ __forceinline__ float infer4j_warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// Max over the 32 lanes of a warp; every lane gets the result.
__device__ __forceinline__ float infer4j_warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Sum over the whole block (blockDim.x a multiple of 32, at most 1024); every thread gets the
// result. scratch: 32 floats of shared memory; the call ends with a barrier, so scratch may be
// reused right after.
__device__ __forceinline__ float infer4j_block_sum(float v, float* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = infer4j_warp_sum(v);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  float t = lane < warps ? scratch[lane] : 0.0f;
  t = infer4j_warp_sum(t);
  __syncthreads();
  return t;
}

// Max over the whole block, as infer4j_block_sum.
__device__ __forceinline__ float infer4j_block_max(float v, float* scratch) {
  int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = infer4j_warp_max(v);
  if (lane == 0) scratch[warp] = v;
  __syncthreads();
  float t = lane < warps ? scratch[lane] : -3.402823466e38f;
  t = infer4j_warp_max(t);
  __syncthreads();
  return t;
}
