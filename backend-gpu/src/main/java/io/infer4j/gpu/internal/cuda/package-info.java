/**
 * The CUDA path of the GPU backend; not API, changes without notice. {@link
 * io.infer4j.gpu.internal.cuda.CudaNative} holds every native call (driver API and NVRTC through
 * FFM); {@link io.infer4j.gpu.internal.cuda.CudaContext} is the facade the rest uses (device,
 * modules, {@link io.infer4j.gpu.internal.cuda.DeviceBuffer}s); {@link
 * io.infer4j.gpu.internal.cuda.CudaEngine} and {@link io.infer4j.gpu.internal.cuda.CudaSequence}
 * run the model's forward pass on the device. Kernel sources are resources, see {@link
 * io.infer4j.gpu.internal.cuda.CudaKernels}.
 */
package io.infer4j.gpu.internal.cuda;
