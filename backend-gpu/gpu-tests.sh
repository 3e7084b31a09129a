#!/usr/bin/env bash
# Runs backend-gpu's CUDA tests on a GPU host that has no JDK and no Maven.
#
#   backend-gpu/gpu-tests.sh pack   # on the build machine (JDK 25 + Maven, offline is fine):
#                                   # compiles the tests, copies classes, test classes and the test
#                                   # classpath's jars, and builds a small JRE with
#                                   # ../shared/tools/device-jre.sh, all into backend-gpu/target/gpu-tests
#   backend-gpu/gpu-tests.sh bench [MODEL.gguf]  # on the GPU host: matvec bandwidth per type
#                                   # and, given a model, greedy decode tokens/s (GpuBench)
#   backend-gpu/gpu-tests.sh run    # on the GPU host, from a copy of the working tree that holds
#                                   # backend-gpu/target/gpu-tests and the shared models
#                                   # (INFER4J_SHARED_DIR, default ../shared or ./shared)
#
# `run` prints every test's result, the reason of each skip (e.g. "no CUDA device"), JUnit's
# summary, and exits non-zero when a test failed (2 when none ran at all).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/target/gpu-tests"

pack() {
  export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
  cd "$repo"
  mvn -q -o -pl backend-gpu test-compile dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test
  rm -rf "$out/lib" "$out/classes" "$out/test-classes"
  mkdir -p "$out/lib"
  cp -r "$here/target/classes" "$here/target/test-classes" "$out/"
  tr ':' '\n' < "$out/classpath.txt" | while read -r jar; do
    [ -n "$jar" ] && cp "$jar" "$out/lib/"
  done
  local tools
  tools=$(cd "$repo/.." && pwd)/shared/tools/device-jre.sh
  [ -x "$tools" ] || tools="$repo/shared/tools/device-jre.sh"
  [ -d "$out/jre" ] || bash "$tools" "$out/jre"
  # Prebuilt PTX (target sm_80: loads on A100, L4, H100, H200, B200) for hosts without libnvrtc.
  rm -rf "$out/ptx"
  if command -v nvcc >/dev/null; then
    mkdir -p "$out/ptx"
    for cu in "$here"/src/main/cuda/*.cu; do
      nvcc -ptx -arch=sm_80 -std=c++17 --fmad=false -I "$here/src/main/cuda" \
        -o "$out/ptx/$(basename "${cu%.cu}").ptx" "$cu"
    done
  fi
  du -sh "$out"
}

run() {
  launch io.infer4j.gpu.internal.cuda.GpuTestMain
}

bench() {
  local args=("$@")
  if [ ${#args[@]} -gt 0 ]; then  # the JVM runs in backend-gpu/: make the model path absolute
    args[0]=$(cd "$(dirname "${args[0]}")" && pwd)/$(basename "${args[0]}")
  fi
  launch io.infer4j.gpu.internal.cuda.GpuBench ${args[@]+"${args[@]}"}
}

launch() {
  local java="$out/jre/bin/java"
  [ -x "$java" ] || java=java
  if [ -z "${INFER4J_SHARED_DIR:-}" ]; then
    for d in "$repo/../shared" "$repo/shared"; do
      if [ -d "$d/models" ]; then export INFER4J_SHARED_DIR=$(cd "$d" && pwd); break; fi
    done
  fi
  echo "shared data: ${INFER4J_SHARED_DIR:-absent}"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || true
  # Kernels: NVRTC when libnvrtc is present, else the PTX built by `pack` (INFER4J_PTX_DIR
  # overrides). INFER4J_PTX_ISA=8.0 (say) rewrites the PTX's .version line for a driver older
  # than the nvcc that built it (the kernels use no recent PTX feature).
  local ptx=()
  local ptxdir=${INFER4J_PTX_DIR:-}
  if [ -z "$ptxdir" ] && ! (ldconfig -p 2>/dev/null | grep -q 'libnvrtc\.so') \
      && ! ls /usr/local/cuda*/lib*/libnvrtc.so* >/dev/null 2>&1 && [ -d "$out/ptx" ]; then
    ptxdir="$out/ptx"
  fi
  if [ -n "$ptxdir" ]; then
    if [ -n "${INFER4J_PTX_ISA:-}" ]; then
      local tmp
      tmp=$(mktemp -d)
      for f in "$ptxdir"/*.ptx; do
        sed "s/^\.version .*/.version ${INFER4J_PTX_ISA}/" "$f" > "$tmp/$(basename "$f")"
      done
      ptxdir=$tmp
    fi
    echo "kernels: prebuilt PTX from $ptxdir"
    ptx=("-Dinfer4j.gpu.ptx-dir=$ptxdir")
  else
    echo "kernels: compiled by NVRTC"
  fi
  cd "$here"   # the nvcc -ptx check reads src/main/cuda relative to the module
  exec "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xshare:off \
    ${ptx[@]+"${ptx[@]}"} \
    -cp "$out/test-classes:$out/classes:$out/lib/*" "$@"
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  bench) shift; bench "$@" ;;
  *) echo "usage: $0 pack|run|bench [MODEL.gguf [TOKENS]]" >&2; exit 64 ;;
esac
