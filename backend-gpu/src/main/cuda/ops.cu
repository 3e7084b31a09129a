#include "common.cuh"

// Element-wise and per-row ops of the transformer step, float32 activations. Each kernel's
// contract is above it; "batch" is the number of tokens run at once (1 when decoding). Launch
// configurations are mirrored in Java by LaunchConfig.

// ---- token embedding: out (batch, cols), row t = row tokens[t] of the table (vocab, cols) ---
// dequantized. tokens is a device array (a decode step reads its token from device memory, so a
// captured graph replays it unchanged). Every kernel takes (W, S, tokens, out, cols), S the
// Q8_0/Q4_0 scales (ignored for the other types). Launch: block (256), grid (ceil(cols / 256),
// batch). Layouts as in matvec.cu.
__device__ __forceinline__ bool embed_index(const int* __restrict__ tokens, int cols, int& i,
                                            long long& e, float* __restrict__& out) {
  i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= cols) return false;
  e = (long long) tokens[blockIdx.y] * cols + i;
  out += (long long) blockIdx.y * cols;
  return true;
}

extern "C" __global__ void embed_f32(const float* __restrict__ T, const unsigned short* S,
                                     const int* __restrict__ tokens, float* __restrict__ out,
                                     int cols) {
  int i;
  long long e;
  if (embed_index(tokens, cols, i, e, out)) out[i] = T[e];
}

extern "C" __global__ void embed_f16(const unsigned short* __restrict__ T,
                                     const unsigned short* S, const int* __restrict__ tokens,
                                     float* __restrict__ out, int cols) {
  int i;
  long long e;
  if (embed_index(tokens, cols, i, e, out)) out[i] = infer4j_h2f(T[e]);
}

extern "C" __global__ void embed_bf16(const unsigned short* __restrict__ T,
                                      const unsigned short* S, const int* __restrict__ tokens,
                                      float* __restrict__ out, int cols) {
  int i;
  long long e;
  if (embed_index(tokens, cols, i, e, out)) out[i] = infer4j_bf2f(T[e]);
}

extern "C" __global__ void embed_q8_0(const signed char* __restrict__ Q,
                                      const unsigned short* __restrict__ S,
                                      const int* __restrict__ tokens, float* __restrict__ out,
                                      int cols) {
  int i;
  long long e;
  if (embed_index(tokens, cols, i, e, out)) out[i] = (float) Q[e] * infer4j_h2f(S[e >> 5]);
}

extern "C" __global__ void embed_q4_0(const unsigned char* __restrict__ N,
                                      const unsigned short* __restrict__ S,
                                      const int* __restrict__ tokens, float* __restrict__ out,
                                      int cols) {
  int i;
  long long e;
  if (!embed_index(tokens, cols, i, e, out)) return;
  long long block = e >> 5;
  int j = (int) (e & 31);
  unsigned int byte = N[block * 16 + (j & 15)];
  int nib = j < 16 ? (int) (byte & 0x0fu) : (int) (byte >> 4);
  out[i] = (float) (nib - 8) * infer4j_h2f(S[block]);
}

// ---- RMSNorm: out[t] = w * (x[t] / sqrt(mean(x[t]^2) + eps)), x and out (batch, size) ---------
// Launch: block (a multiple of 32 up to 1024; LaunchConfig.rmsnorm takes 1024, so a decode step's
// one row is read in few passes), grid (batch). out may equal x.
extern "C" __global__ void rmsnorm(const float* __restrict__ x, const float* __restrict__ w,
                                   float* out, int size, float eps) {
  __shared__ float scratch[32];
  const float* xr = x + (long long) blockIdx.x * size;
  float* o = out + (long long) blockIdx.x * size;
  float ss = 0.0f;
  for (int i = threadIdx.x; i < size; i += blockDim.x) ss += xr[i] * xr[i];
  ss = infer4j_block_sum(ss, scratch);
  ss = ss / (float) size + eps;
  float inv = 1.0f / sqrtf(ss);
  for (int i = threadIdx.x; i < size; i += blockDim.x) o[i] = w[i] * (inv * xr[i]);
}

// ---- RoPE, pairwise layout (llama2.c / the model runtime's VectorOps.rope) --------------------
// v (batch, length): token t sits at position pos0 + t; pair (i, i+1) with i even rotates by
// angle pos * base^(-(i mod headSize) / headSize). The frequency and the angle's cos/sin are taken
// in double and rounded to float, as the CPU reference does.
// Launch: block (256), grid (ceil(length / 2 / 256), batch).
extern "C" __global__ void rope(float* v, int length, int headSize, int pos0, float base) {
  int p = blockIdx.x * blockDim.x + threadIdx.x;
  int i = 2 * p;
  if (i >= length) return;
  float* r = v + (long long) blockIdx.y * length;
  int pos = pos0 + blockIdx.y;
  int headDim = i % headSize;
  float freq = 1.0f / (float) pow((double) base, (double) (headDim / (float) headSize));
  float val = pos * freq;
  float fcr = (float) cos((double) val);
  float fci = (float) sin((double) val);
  float v0 = r[i], v1 = r[i + 1];
  r[i] = v0 * fcr - v1 * fci;
  r[i + 1] = v0 * fci + v1 * fcr;
}

// ---- RoPE on the batch's queries and keys, and the keys and values into the cache ---------------
// q (batch, dim), k and v (batch, kvDim) as the projections wrote them; kc and vc one layer's
// cache (contextLength, kvDim). Token t sits at position p0 + t, where p0 = *pos when pos is not
// null (a decode step: the position lives in device memory so a captured graph replays it) and
// pos0 otherwise. Rotates q in place, writes rotated k and v to cache rows p0 + t. The rotation
// is `rope`'s, with its frequencies given: freq[j] (headSize / 2 floats) is the frequency of the
// pair at head dimension 2j, 1 / (float) base^((2j) / (float) headSize) as the host computes it
// (the model runtime's RopeTable, in double precision; CudaForward uploads it).
// Launch: block (256), grid (ceil(max(dim, kvDim) / 2 / 256), batch).
extern "C" __global__ void rope_kv(float* q, const float* __restrict__ k,
                                   const float* __restrict__ v, float* kc, float* vc,
                                   const int* __restrict__ pos, int pos0, int dim, int kvDim,
                                   int headSize, const float* __restrict__ freq) {
  int i = 2 * (blockIdx.x * blockDim.x + threadIdx.x);
  int t = blockIdx.y;
  int p = (pos != 0 ? *pos : pos0) + t;
  if (i >= dim && i >= kvDim) return;
  // the pair's angle, as `rope`'s: p * freq rounded to float, its cos/sin taken in double
  float val = p * freq[(i % headSize) / 2];
  double sd, cd;
  sincos((double) val, &sd, &cd);
  float fcr = (float) cd, fci = (float) sd;
  if (i < dim) {
    float* r = q + (long long) t * dim;
    float v0 = r[i], v1 = r[i + 1];
    r[i] = v0 * fcr - v1 * fci;
    r[i + 1] = v0 * fci + v1 * fcr;
  }
  if (i < kvDim) {
    const float* kr = k + (long long) t * kvDim;
    const float* vr = v + (long long) t * kvDim;
    float* kd = kc + (long long) p * kvDim;
    float* vd = vc + (long long) p * kvDim;
    float k0 = kr[i], k1 = kr[i + 1];
    kd[i] = k0 * fcr - k1 * fci;
    kd[i + 1] = k0 * fci + k1 * fcr;
    vd[i] = vr[i];
    vd[i + 1] = vr[i + 1];
  }
}

// ---- conversions for the tensor-core (cuBLAS) prompt path -------------------------------------
// float32 -> IEEE half (round to nearest even), n elements. Launch: block (256), grid (ceil(n/256)).
extern "C" __global__ void to_f16(const float* __restrict__ x, unsigned short* __restrict__ out,
                                  int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned short h;
  asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(x[i]));
  out[i] = h;
}

// float32 -> bfloat16 bits (round to nearest even; NaN stays NaN), n elements. Launch as to_f16.
extern "C" __global__ void to_bf16(const float* __restrict__ x, unsigned short* __restrict__ out,
                                   int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  unsigned int b = __float_as_uint(x[i]);
  if ((b & 0x7fffffffu) > 0x7f800000u) {
    out[i] = (unsigned short) ((b >> 16) | 0x40u);
    return;
  }
  b += 0x7fffu + ((b >> 16) & 1u);
  out[i] = (unsigned short) (b >> 16);
}

// Q8_0 / Q4_0 matrix (layouts as in matvec.cu) -> IEEE half, row-major, element e = q * scale
// rounded to half. A thread converts one 16-byte piece: 16 quants of Q8_0 (two 16-byte stores),
// or one Q4_0 block of 32 (four). n = rows * cols elements, a multiple of 32.
// Launch: block (256), grid (ceil(pieces / 256)) with pieces = n / 16 (Q8_0) or n / 32 (Q4_0).
__device__ __forceinline__ unsigned short infer4j_f2h(float f) {
  unsigned short h;
  asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));
  return h;
}

__device__ __forceinline__ unsigned int infer4j_h2x(float a, float b) {
  return (unsigned int) infer4j_f2h(a) | ((unsigned int) infer4j_f2h(b) << 16);
}

extern "C" __global__ void dequant_q8_0_f16(const signed char* __restrict__ Q,
                                            const unsigned short* __restrict__ S,
                                            unsigned short* __restrict__ out, int n) {
  int piece = blockIdx.x * blockDim.x + threadIdx.x;
  if (piece >= (n >> 4)) return;
  uint4 qv = reinterpret_cast<const uint4*>(Q)[piece];
  float d = infer4j_h2f(S[piece >> 1]);
  unsigned int w[4] = {qv.x, qv.y, qv.z, qv.w};
  unsigned int h[8];
#pragma unroll
  for (int k = 0; k < 4; k++) {
    unsigned int b = w[k] ^ 0x80808080u;
    h[2 * k] = infer4j_h2x(infer4j_s8f(b, 0) * d, infer4j_s8f(b, 1) * d);
    h[2 * k + 1] = infer4j_h2x(infer4j_s8f(b, 2) * d, infer4j_s8f(b, 3) * d);
  }
  uint4* o = reinterpret_cast<uint4*>(out) + 2 * (long long) piece;
  o[0] = make_uint4(h[0], h[1], h[2], h[3]);
  o[1] = make_uint4(h[4], h[5], h[6], h[7]);
}

extern "C" __global__ void dequant_q4_0_f16(const unsigned char* __restrict__ N,
                                            const unsigned short* __restrict__ S,
                                            unsigned short* __restrict__ out, int n) {
  int block = blockIdx.x * blockDim.x + threadIdx.x;
  if (block >= (n >> 5)) return;
  uint4 nv = reinterpret_cast<const uint4*>(N)[block];
  float d = infer4j_h2f(S[block]);
  unsigned int w[4] = {nv.x, nv.y, nv.z, nv.w};
  unsigned int lo[8], hi[8];  // elements 0..15 (low nibbles) and 16..31 (high), as half pairs
#pragma unroll
  for (int k = 0; k < 4; k++) {
    unsigned int l = w[k] & 0x0f0f0f0fu;
    unsigned int u = (w[k] >> 4) & 0x0f0f0f0fu;
    lo[2 * k] = infer4j_h2x(infer4j_q4f(l, 0) * d, infer4j_q4f(l, 1) * d);
    lo[2 * k + 1] = infer4j_h2x(infer4j_q4f(l, 2) * d, infer4j_q4f(l, 3) * d);
    hi[2 * k] = infer4j_h2x(infer4j_q4f(u, 0) * d, infer4j_q4f(u, 1) * d);
    hi[2 * k + 1] = infer4j_h2x(infer4j_q4f(u, 2) * d, infer4j_q4f(u, 3) * d);
  }
  uint4* o = reinterpret_cast<uint4*>(out) + 4 * (long long) block;
  o[0] = make_uint4(lo[0], lo[1], lo[2], lo[3]);
  o[1] = make_uint4(lo[4], lo[5], lo[6], lo[7]);
  o[2] = make_uint4(hi[0], hi[1], hi[2], hi[3]);
  o[3] = make_uint4(hi[4], hi[5], hi[6], hi[7]);
}

// ---- SwiGLU in place: gate[i] = silu(gate[i]) * up[i], i < n (n = batch * hiddenDim) ---------
// Launch: block (256), grid (ceil(n / 256)).
extern "C" __global__ void swiglu(float* gate, const float* __restrict__ up, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float g = gate[i];
  g *= 1.0f / (1.0f + expf(-g));
  gate[i] = g * up[i];
}

// ---- residual add in place: x[i] += y[i], i < n ---------------------------------------------
// Launch: block (256), grid (ceil(n / 256)).
extern "C" __global__ void add_inplace(float* x, const float* __restrict__ y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] += y[i];
}

// ---- softmax in place over rows: x (rows, stride), the first `size` of each row ---------------
// Launch: block (256), grid (rows).
extern "C" __global__ void softmax_rows(float* x, int size, int stride) {
  __shared__ float scratch[32];
  float* r = x + (long long) blockIdx.x * stride;
  float m = -3.402823466e38f;
  for (int i = threadIdx.x; i < size; i += blockDim.x) m = fmaxf(m, r[i]);
  m = infer4j_block_max(m, scratch);
  float s = 0.0f;
  for (int i = threadIdx.x; i < size; i += blockDim.x) {
    float e = expf(r[i] - m);
    r[i] = e;
    s += e;
  }
  s = infer4j_block_sum(s, scratch);
  for (int i = threadIdx.x; i < size; i += blockDim.x) r[i] /= s;
}

// ---- argmax: out[0] = the smallest index i < n with x[i] maximal (greedy decoding) ------------
// Launch: block (1024), grid (1). NaNs are never chosen.
extern "C" __global__ void argmax(const float* __restrict__ x, int n, int* out) {
  __shared__ float bestV[1024];
  __shared__ int bestI[1024];
  float v = -3.402823466e38f;
  int idx = 0x7fffffff;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    float xi = x[i];
    if (xi > v || (xi == v && i < idx)) { v = xi; idx = i; }
  }
  bestV[threadIdx.x] = v;
  bestI[threadIdx.x] = idx;
  __syncthreads();
  for (int s = blockDim.x >> 1; s > 0; s >>= 1) {
    if (threadIdx.x < s) {
      float ov = bestV[threadIdx.x + s];
      int oi = bestI[threadIdx.x + s];
      if (ov > bestV[threadIdx.x] || (ov == bestV[threadIdx.x] && oi < bestI[threadIdx.x])) {
        bestV[threadIdx.x] = ov;
        bestI[threadIdx.x] = oi;
      }
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) out[0] = bestI[0] == 0x7fffffff ? 0 : bestI[0];
}

// ---- argmax in two stages, for large vocabularies -----------------------------------------------
// argmax_blocks: block b takes elements b * 256 + t, stepping gridDim.x * 256, and writes its
// (largest value, smallest index of it) to pv[b], pi[b] (index 0x7fffffff and -FLT_MAX when it
// saw no number). argmax_final: one block merges the gridDim.x pairs into out[0], with argmax's
// contract (smallest index of the maximum, NaNs never chosen, 0 when nothing is a number). Many
// blocks read the logits at once where one block would walk them alone.
// Launch: argmax_blocks block (256), grid (nb <= 1024); argmax_final block (1024), grid (1).
__device__ __forceinline__ void argmax_pair(float& v, int& i, float ov, int oi) {
  if (ov > v || (ov == v && oi < i)) { v = ov; i = oi; }
}

extern "C" __global__ void argmax_blocks(const float* __restrict__ x, int n,
                                         float* __restrict__ pv, int* __restrict__ pi) {
  __shared__ float bv[256];
  __shared__ int bi[256];
  float v = -3.402823466e38f;
  int idx = 0x7fffffff;
  for (int i = blockIdx.x * 256 + threadIdx.x; i < n; i += gridDim.x * 256) {
    float xi = x[i];
    if (xi > v) { v = xi; idx = i; }  // ascending i: the first of equal values stays
  }
  bv[threadIdx.x] = v;
  bi[threadIdx.x] = idx;
  __syncthreads();
  for (int s = 128; s > 0; s >>= 1) {
    if (threadIdx.x < s) argmax_pair(bv[threadIdx.x], bi[threadIdx.x], bv[threadIdx.x + s],
                                     bi[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    pv[blockIdx.x] = bv[0];
    pi[blockIdx.x] = bi[0];
  }
}

extern "C" __global__ void argmax_final(const float* __restrict__ pv, const int* __restrict__ pi,
                                        int nb, int* out) {
  __shared__ float bv[1024];
  __shared__ int bi[1024];
  float v = -3.402823466e38f;
  int idx = 0x7fffffff;
  for (int b = threadIdx.x; b < nb; b += blockDim.x) argmax_pair(v, idx, pv[b], pi[b]);
  bv[threadIdx.x] = v;
  bi[threadIdx.x] = idx;
  __syncthreads();
  for (int s = blockDim.x >> 1; s > 0; s >>= 1) {
    if (threadIdx.x < s) argmax_pair(bv[threadIdx.x], bi[threadIdx.x], bv[threadIdx.x + s],
                                     bi[threadIdx.x + s]);
    __syncthreads();
  }
  if (threadIdx.x == 0) out[0] = bi[0] == 0x7fffffff ? 0 : bi[0];
}
