// Kernels of GpuBench only (not part of the backend): the device's copy bandwidth, the practical
// HBM limit the matvec and decode figures are stated against. Header-free like src/main/cuda, so
// NVRTC compiles it at run time; gpu-tests.sh pack also builds bench.ptx with nvcc for hosts
// without NVRTC.

// dst[i] = src[i] for n 16-byte elements: a grid-stride loop that issues four independent 16-byte
// loads per thread before the four stores, so enough bytes are in flight to saturate HBM.
// Bytes moved: 2 * 16 * n (read + written). Launch: any grid, e.g. 8 blocks of 256 per SM.
extern "C" __global__ void bench_copy(const uint4* __restrict__ src, uint4* __restrict__ dst,
                                      long long n) {
  long long stride = (long long) gridDim.x * blockDim.x;
  long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x;
  for (; i + 3 * stride < n; i += 4 * stride) {
    uint4 a = src[i];
    uint4 b = src[i + stride];
    uint4 c = src[i + 2 * stride];
    uint4 d = src[i + 3 * stride];
    dst[i] = a;
    dst[i + stride] = b;
    dst[i + 2 * stride] = c;
    dst[i + 3 * stride] = d;
  }
  for (; i < n; i += stride) dst[i] = src[i];
}

// p[i] = a hash of (i, seed) for n 4-byte words: non-zero data to copy (never time on zeros).
extern "C" __global__ void bench_fill(unsigned int* __restrict__ p, long long n,
                                      unsigned int seed) {
  long long stride = (long long) gridDim.x * blockDim.x;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
    unsigned int h = (unsigned int) i * 2654435761u ^ seed;
    h ^= h >> 16;
    h *= 0x45d9f3bu;
    h ^= h >> 16;
    p[i] = h | 1u;
  }
}

// Checks dst against src over n 16-byte elements: counts the 16-byte elements that differ
// into *mismatches (one int, zeroed by the caller). A copy that did not happen is not a bandwidth.
extern "C" __global__ void bench_compare(const uint4* __restrict__ a, const uint4* __restrict__ b,
                                         long long n, int* __restrict__ mismatches) {
  long long stride = (long long) gridDim.x * blockDim.x;
  int bad = 0;
  for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
    uint4 x = a[i], y = b[i];
    bad += (x.x != y.x) | (x.y != y.y) | (x.z != y.z) | (x.w != y.w);
  }
  if (bad) atomicAdd(mismatches, bad);
}
