package io.slm4j;

/** Where a model runs. {@link #AUTO} lets the backend pick its best device on this machine. */
public enum Device {
  /** The best device the chosen backend sees (an accelerator when there is one, else the CPU). */
  AUTO,
  /** The CPU. Every backend has it. */
  CPU,
  /** An NVIDIA GPU through CUDA. */
  CUDA,
  /** An Apple GPU through Metal. */
  METAL,
  /** A GPU through another API (OpenVINO GPU, Vulkan, DirectML). */
  GPU,
  /** A neural processing unit (OpenVINO NPU). */
  NPU,
  /** A Qualcomm NPU through ONNX Runtime's QNN provider. */
  QNN
}
