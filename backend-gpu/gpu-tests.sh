#!/usr/bin/env bash
# Runs backend-gpu's CUDA tests, benchmarks and command-line check on a GPU host that has no JDK
# and no Maven.
#
#   backend-gpu/gpu-tests.sh pack   # on the build machine (JDK 25 + Maven, offline is fine):
#                                   # compiles this checkout's modules (-am: never the jars in
#                                   # ~/.m2), copies classes, test classes and the test
#                                   # classpath's jars, the command line's extra jars, a stripped
#                                   # JRE (../shared/tools/device-jre.sh), prebuilt PTX, and the
#                                   # small shared models and tools, all into
#                                   # backend-gpu/target/gpu-tests (carry that folder)
#   backend-gpu/gpu-tests.sh run    # on the GPU host: the JUnit CUDA tests (GpuTestMain)
#   backend-gpu/gpu-tests.sh bench [--matvec] [MODEL.gguf ...]
#                                   # on the GPU host: copy bandwidth, launch cost, matvec
#                                   # bandwidth per type and shape, prefill and decode (GpuBench)
#   backend-gpu/gpu-tests.sh synth OUT.gguf [TYPE] [SEED] [DIM,LAYERS,HEADS,KV_HEADS,FFN,CONTEXT]
#                                   # writes a synthetic model (SyntheticGguf, model-runtime test code)
#                                   # with the packed llama-spm vocabulary
#   backend-gpu/gpu-tests.sh cli ARGS...   # the infer4j command line (samples), packed classpath
#
# The shared data (INFER4J_SHARED_DIR) defaults to ../shared, ./shared, then the copy `pack`
# makes in target/gpu-tests/shared. backend-gpu/device-check.sh runs everything in one go.
#
# `run` prints every test's result, the reason of each skip (e.g. "no CUDA device"), JUnit's
# summary, and exits non-zero when a test failed (2 when none ran at all).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
out="$here/target/gpu-tests"

# The small shared files the device checks need (models/ of ../shared), and tools/.
SHARED_MODELS=(stories260K.bin stories260K-f32.gguf stories260K-f16.gguf stories260K-q8_0.gguf
  tok512.bin tokenizer.bin ggml-vocab-llama-spm.gguf)
SHARED_TOOLS=(cublas-reference.py)

# Copies each entry of a Maven classpath file into lib/ (a reactor module's class folder becomes
# a jar named after the module) and prints the lib-relative names, one per line.
collect() {
  local list=$1 jar name module
  tr ':' '\n' < "$list" | while read -r entry; do
    [ -n "$entry" ] || continue
    if [ -d "$entry" ]; then
      module=$(basename "$(dirname "$(dirname "$entry")")")
      name="$module-$(basename "$entry").jar"   # e.g. model-runtime-classes.jar
      [ -f "$out/lib/$name" ] || "$JAVA_HOME/bin/jar" --create --file "$out/lib/$name" -C "$entry" .
    else
      name=$(basename "$entry")
      [ -f "$out/lib/$name" ] || cp "$entry" "$out/lib/"
    fi
    echo "lib/$name"
  done
}

pack() {
  export JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
  cd "$repo"
  # -am: the other modules come from this checkout (their target/classes), not from ~/.m2.
  # test-compile is enough: reactor modules resolve to their class folders.
  mvn -q -o -pl backend-gpu -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/gpu-tests-classpath.txt
  local cli=${INFER4J_PACK_CLI:-1}
  if [ "$cli" = 1 ]; then
    mvn -q -o -pl samples -am compile dependency:build-classpath \
      -Dmdep.outputFile=target/cli-classpath.txt -DincludeScope=runtime
  fi
  rm -rf "$out/lib" "$out/classes" "$out/test-classes" "$out/shared" "$out/ptx"
  mkdir -p "$out/lib"
  cp -r "$here/target/classes" "$here/target/test-classes" "$out/"
  collect "$here/target/gpu-tests-classpath.txt" > "$out/classpath.txt"
  rm -f "$out/cli-classpath.txt"
  if [ "$cli" = 1 ]; then
    # The command line: samples' classes and runtime jars, less what it never loads for
    # `generate` (CDI sample, charts, the remote backend's HTTP client), to fit the device copy.
    {
      echo "$repo/samples/target/classes"
      tr ':' '\n' < "$repo/samples/target/cli-classpath.txt"
    } | grep -v -E "${INFER4J_CLI_EXCLUDE:-/(weld-|jboss-classfilewriter|xchart|VectorGraphics2D|okhttp|okio|kotlin-stdlib|annotations-13|jakarta\.el-api)[^/]*\.jar\$}" \
      | paste -sd: > "$out/cli-entries.txt"
    collect "$out/cli-entries.txt" > "$out/cli-classpath.txt"
    rm -f "$out/cli-entries.txt"
  fi
  local tools
  tools=$(cd "$repo/.." && pwd)/shared
  [ -d "$tools/tools" ] || tools="$repo/shared"
  mkdir -p "$out/shared/models" "$out/shared/tools"
  for f in "${SHARED_MODELS[@]}"; do cp "$tools/models/$f" "$out/shared/models/"; done
  for f in "${SHARED_TOOLS[@]}"; do cp "$tools/tools/$f" "$out/shared/tools/"; done
  if [ ! -x "$out/jre/bin/java" ]; then
    bash "$tools/tools/device-jre.sh" "$out/jre"
    # device-jre.sh's note: strip the shared libraries (libjvm.so is ~30 MB with its symbols)
    find "$out/jre" -name '*.so' -exec strip --strip-unneeded {} +
  fi
  # Prebuilt PTX (target sm_80: loads on A100, L4, H100, H200, B200) for hosts without libnvrtc.
  if command -v nvcc >/dev/null; then
    mkdir -p "$out/ptx"
    for cu in "$here"/src/main/cuda/*.cu "$here"/src/test/resources/io/infer4j/gpu/internal/cuda/bench.cu; do
      nvcc -ptx -arch=sm_80 -std=c++17 --fmad=false -I "$here/src/main/cuda" \
        -o "$out/ptx/$(basename "${cu%.cu}").ptx" "$cu"
    done
  fi
  {
    echo "packed $(date -u +%Y-%m-%dT%H:%M:%SZ) from $(git -C "$repo" rev-parse HEAD 2>/dev/null || echo '?')"
    git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null | sed 's/^/  modified: /' || true
  } > "$out/REVISION"
  du -sh "$out"
  du -sh "$out"/* | sort -h
}

run() {
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || true
  launch io.infer4j.gpu.internal.cuda.GpuTestMain
}

# Options stay as they are; every other argument is a file: made absolute (the JVM runs in
# backend-gpu/).
absolute_args() {
  local a
  for a in "$@"; do
    case "$a" in
      -*) printf '%s\0' "$a" ;;
      *) printf '%s\0' "$(cd "$(dirname "$a")" && pwd)/$(basename "$a")" ;;
    esac
  done
}

bench() {
  local args=()
  if [ $# -gt 0 ]; then mapfile -d '' args < <(absolute_args "$@"); fi
  launch io.infer4j.gpu.internal.cuda.GpuBench ${args[@]+"${args[@]}"}
}

synth() {
  [ $# -ge 1 ] || { echo "usage: $0 synth OUT.gguf [TYPE] [SEED] [SHAPE]" >&2; exit 64; }
  local target
  target=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  shift
  shared_dir
  JAVA_OPTS_EXTRA="-Xmx2g" launch io.infer4j.runtime.tools.SyntheticGguf "$target" \
    "$INFER4J_SHARED_DIR/models/ggml-vocab-llama-spm.gguf" "$@"
}

cli() {
  [ -f "$out/cli-classpath.txt" ] || { echo "the command line was not packed (INFER4J_PACK_CLI=0)" >&2; exit 2; }
  local cp
  cp=$(sed "s|^|$out/|" "$out/cli-classpath.txt" | paste -sd:)
  CLASSPATH_OVERRIDE="$cp" launch io.infer4j.samples.cli.Infer4jCommand "$@"
}

shared_dir() {
  if [ -z "${INFER4J_SHARED_DIR:-}" ]; then
    for d in "$repo/../shared" "$repo/shared" "$out/shared"; do
      if [ -d "$d/models" ]; then export INFER4J_SHARED_DIR=$(cd "$d" && pwd); break; fi
    done
  fi
}

launch() {
  local java="$out/jre/bin/java"
  [ -x "$java" ] || java=java
  shared_dir
  echo "shared data: ${INFER4J_SHARED_DIR:-absent}" >&2
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
    echo "kernels: prebuilt PTX from $ptxdir" >&2
    ptx=("-Dinfer4j.gpu.ptx-dir=$ptxdir")
  else
    echo "kernels: compiled by NVRTC" >&2
  fi
  # cuBLAS (the tensor-core prompt path): the toolkit's, else a Python wheel's (PyTorch's
  # nvidia-cublas); INFER4J_CUBLAS names one. Without it prompts run on the matvec kernels.
  local cublas=${INFER4J_CUBLAS:-}
  if [ -z "$cublas" ] && ! (ldconfig -p 2>/dev/null | grep -q 'libcublas\.so'); then
    cublas=$(ls /usr/local/cuda*/lib*/libcublas.so.1[0-9]* 2>/dev/null | head -1)
    [ -n "$cublas" ] || cublas=$(find /opt /usr/local/lib /usr/lib -name 'libcublas.so.1[0-9]*' \
      2>/dev/null | head -1)
  fi
  if [ -n "$cublas" ]; then
    echo "cuBLAS: $cublas" >&2
    ptx+=("-Dinfer4j.gpu.cublas=$cublas")
  fi
  local cp=${CLASSPATH_OVERRIDE:-}
  if [ -z "$cp" ]; then
    cp="$out/test-classes:$out/classes:$(sed "s|^|$out/|" "$out/classpath.txt" | paste -sd:)"
  fi
  local extra=()
  # shellcheck disable=SC2206  # word splitting of the options is wanted
  [ -n "${JAVA_OPTS_EXTRA:-}" ] && extra=($JAVA_OPTS_EXTRA)
  cd "$here"   # the nvcc -ptx check reads src/main/cuda relative to the module
  # INFER4J_LAUNCH_PREFIX: a command the JVM runs under (a profiler, say)
  local prefix=()
  # shellcheck disable=SC2206
  [ -n "${INFER4J_LAUNCH_PREFIX:-}" ] && prefix=($INFER4J_LAUNCH_PREFIX)
  exec ${prefix[@]+"${prefix[@]}"} "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xshare:off \
    ${ptx[@]+"${ptx[@]}"} ${extra[@]+"${extra[@]}"} -cp "$cp" "$@"
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  bench) shift; bench "$@" ;;
  profile) shift; launch io.infer4j.gpu.internal.cuda.DecodeProfile "$@" ;;
  synth) shift; synth "$@" ;;
  cli) shift; cli "$@" ;;
  *) echo "usage: $0 pack|run|bench [--matvec] [MODEL.gguf ...]|synth OUT.gguf [TYPE] [SEED] [SHAPE]|cli ARGS" >&2; exit 64 ;;
esac
