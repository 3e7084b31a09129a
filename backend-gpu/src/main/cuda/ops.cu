#include "common.cuh"

// Element-wise and per-row ops of the transformer step, float32 activations. Each kernel's
// contract is above it; "batch" is the number of tokens run at once (1 when decoding). Launch
// configurations are mirrored in Java by LaunchConfig.

// ---- token embedding: out (cols) = row `token` of the table (vocab, cols), dequantized --------
// Launch: block (256), grid (ceil(cols / 256)). Layouts as in matvec.cu.
extern "C" __global__ void embed_f32(const float* __restrict__ T, float* __restrict__ out,
                                     int token, int cols) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < cols) out[i] = T[(long long) token * cols + i];
}

extern "C" __global__ void embed_f16(const unsigned short* __restrict__ T,
                                     float* __restrict__ out, int token, int cols) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < cols) out[i] = infer4j_h2f(T[(long long) token * cols + i]);
}

extern "C" __global__ void embed_bf16(const unsigned short* __restrict__ T,
                                      float* __restrict__ out, int token, int cols) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < cols) out[i] = infer4j_bf2f(T[(long long) token * cols + i]);
}

extern "C" __global__ void embed_q8_0(const signed char* __restrict__ Q,
                                      const unsigned short* __restrict__ S,
                                      float* __restrict__ out, int token, int cols) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= cols) return;
  long long e = (long long) token * cols + i;
  out[i] = (float) Q[e] * infer4j_h2f(S[e >> 5]);
}

extern "C" __global__ void embed_q4_0(const unsigned char* __restrict__ N,
                                      const unsigned short* __restrict__ S,
                                      float* __restrict__ out, int token, int cols) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= cols) return;
  long long e = (long long) token * cols + i;
  long long block = e >> 5;
  int j = (int) (e & 31);
  unsigned int byte = N[block * 16 + (j & 15)];
  int nib = j < 16 ? (int) (byte & 0x0fu) : (int) (byte >> 4);
  out[i] = (float) (nib - 8) * infer4j_h2f(S[block]);
}

// ---- RMSNorm: out[t] = w * (x[t] / sqrt(mean(x[t]^2) + eps)), x and out (batch, size) ---------
// Launch: block (256), grid (batch). out may equal x.
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
