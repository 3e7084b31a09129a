#!/usr/bin/env bash
# Every device check of issue 13 in one go, on a GPU host without a JDK, from a copy of the
# working tree that carries backend-gpu/target/gpu-tests (made here by `gpu-tests.sh pack`):
#
#   0. in the background from the start: the synthetic models (SyntheticGguf from model-runtime's
#      test code, seed 42, llama-spm vocabulary): TinyLlama-shaped Q8_0, Llama-3-8B-shaped Q8_0 and BF16
#      (dim 4096, 32 layers, 32/8 heads, FFN 14336, context 2048), into $INFER4J_SYNTH_DIR
#   1. nvidia-smi: device, driver, clocks, memory
#   2. gpu-tests.sh run: the JUnit CUDA tests
#   3. the command line: generate --backend gpu, greedy, 100 tokens, on the four shared
#      stories260K files, device=cpu against device=cuda: the same text?
#   4. cuBLAS reference figures (shared/tools/cublas-reference.py, PyTorch)
#   5. GpuBench on the two Q8_0 models: copy bandwidth, prefill (641 tokens), decode
#   6. GpuBench --matvec: copy bandwidth, launch cost, matvec per type on TinyLlama and
#      Llama-3-8B shapes (rotating sets >= 4 x L2)
#   7. GpuBench on the BF16 8B model
#   8. with INFER4J_PROFILE=1: Nsight Compute's time of each kernel of 3 decode steps per model
#
# Each section prints its header, runs under `timeout`, records its exit status and time; a
# failure does not stop the later sections. The whole run ends within $INFER4J_CHECK_SECONDS
# (default 540). Logs go to $OUT (default: a new folder under /tmp), four files:
#   summary.txt  each section's status and time, every RESULT line, the CLI comparisons
#   device.log   nvidia-smi, the cuBLAS reference, the synthetic models' generation
#   tests.log    the JUnit CUDA tests and the command-line runs
#   bench.log    GpuBench's three runs
# and summary.txt is printed last.
#
# Environment: INFER4J_SYNTH_DIR (default /tmp/infer4j-synth; files already there are reused),
# INFER4J_SYNTH_BF16=0 skips the BF16 8B model, INFER4J_SKIP_CLI=1 the command-line section,
# INFER4J_CHECK_SECONDS.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
gt="$here/gpu-tests.sh"
pack="$here/target/gpu-tests"
OUT=${OUT:-$(mktemp -d /tmp/device-check.XXXXXX)}
mkdir -p "$OUT"
summary="$OUT/summary.txt"
notes="$summary"   # the sections' lines while running; summary.txt is composed at the end
devlog="$OUT/device.log"
tests="$OUT/tests.log"
bench="$OUT/bench.log"
: > "$notes"; : > "$devlog"; : > "$tests"; : > "$bench"
start=$SECONDS
deadline=$((start + ${INFER4J_CHECK_SECONDS:-540}))
synth=${INFER4J_SYNTH_DIR:-/tmp/infer4j-synth}
work=$(mktemp -d /tmp/device-check-work.XXXXXX)

note() { echo "$*" | tee -a "$notes"; }
# want KEY: whether INFER4J_SECTIONS (a comma list of smi, tests, cli, cublas, bench, plain,
# matvec, bf16, profile; default all) names the section
want() { [ -z "${INFER4J_SECTIONS:-}" ] || [[ ",$INFER4J_SECTIONS," == *",$1,"* ]]; }
export pack work gt repo
header() { printf '\n==== %s (t=%ds)\n' "$1" $((SECONDS - start)) | tee -a "$2" >&2; }

# budget CAP: seconds a section may take: CAP, or what is left before the deadline less a
# reserve for the summary
budget() {
  local left=$((deadline - SECONDS - 10))
  [ "$left" -lt "$1" ] && echo "$left" || echo "$1"
}

# section NAME LOG CAP COMMAND...: runs COMMAND (stdout and stderr to LOG) under timeout,
# notes its exit status and time; skipped when under 15 s remain
section() {
  local name=$1 log=$2 cap=$3 t0=$SECONDS rc limit
  shift 3
  header "$name" "$log"
  limit=$(budget "$cap")
  if [ "$limit" -lt 15 ]; then
    note "$(printf '%-28s SKIPPED (no time left)' "$name")"
    return 0
  fi
  if declare -F "$1" >/dev/null; then  # a function of this script: run it in a bash of its own
    set -- bash -c "$(printf '%q ' "$@")"
  fi
  ( set +e; timeout -k 10 "$limit" "$@" ) >> "$log" 2>&1
  rc=$?
  local what="rc=$rc"
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && what="TIMED OUT after ${limit}s (rc=$rc)"
  note "$(printf '%-28s %-34s %4ds' "$name" "$what" $((SECONDS - t0)))"
  return 0
}

note "device check of $(head -1 "$pack/REVISION" 2>/dev/null || echo 'an unpacked tree (run gpu-tests.sh pack first)')"
note "started $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) cores; logs in $OUT"
if [ ! -x "$pack/jre/bin/java" ]; then
  note "backend-gpu/target/gpu-tests/jre is missing: pack it here with 'backend-gpu/gpu-tests.sh pack' and carry backend-gpu/target/gpu-tests"
fi

# ---- 0. synthetic models, in the background (when a section needs them) -----------------------------------------------
mkdir -p "$synth"
declare -A gen_pid
TINY="$synth/tinyllama-q8_0.gguf"
L8Q8="$synth/llama3-8b-q8_0.gguf"
L8BF="$synth/llama3-8b-bf16.gguf"
SHAPE_8B=4096,32,32,8,14336,2048
generate() {  # generate FILE TYPE [SHAPE]: in the background, log and status in $work
  local file=$1 type=$2 shape=${3:-} key
  key=$(basename "$file" .gguf)
  if [ -s "$file" ]; then
    echo "reusing $file ($(stat -c %s "$file") bytes)" > "$work/$key.log"; echo 0 > "$work/$key.rc"
    echo 0 > "$work/$key.secs"; return
  fi
  (
    t0=$SECONDS
    limit=$((deadline - SECONDS - 60)); [ "$limit" -lt 30 ] && limit=30
    timeout -k 10 "$limit" "$gt" synth "$file" "$type" 42 ${shape:+"$shape"} \
      > "$work/$key.log" 2>&1
    echo $? > "$work/$key.rc.tmp"; echo $((SECONDS - t0)) > "$work/$key.secs"
    mv "$work/$key.rc.tmp" "$work/$key.rc"
  ) > /dev/null 2>&1 &
  gen_pid[$key]=$!
}
# wait_for FILE CAP: waits for FILE's generation (at most CAP seconds), logs it; 0 when ready
wait_for() {
  local file=$1 key waited=0 limit
  key=$(basename "$file" .gguf)
  limit=$(budget "$2")
  while [ ! -f "$work/$key.rc" ] && [ "$waited" -lt "$limit" ]; do sleep 1; waited=$((waited + 1)); done
  if [ ! -f "$work/$key.rc" ]; then
    note "$(printf '%-28s %-34s' "generate $key" "NOT READY after waiting ${waited}s")"
    return 1
  fi
  if [ ! -f "$work/$key.logged" ]; then
    touch "$work/$key.logged"
    { header "generate $key" /dev/null 2>&1; cat "$work/$key.log"; } >> "$devlog"
    note "$(printf '%-28s %-34s %4ds' "generate $key" "rc=$(cat "$work/$key.rc") $(stat -c %s "$file" 2>/dev/null || echo 0) bytes" "$(cat "$work/$key.secs")")"
  fi
  [ "$(cat "$work/$key.rc")" = 0 ] && [ -s "$file" ]
}
generate "$TINY" Q8_0
generate "$L8Q8" Q8_0 "$SHAPE_8B"
[ "${INFER4J_SYNTH_BF16:-1}" = 1 ] && want bf16 && generate "$L8BF" BF16 "$SHAPE_8B"

# ---- 1. the device ------------------------------------------------------------------------
smi() {
  command -v nvidia-smi >/dev/null || { echo "no nvidia-smi on this host"; return 3; }
  nvidia-smi
  nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,pstate,clocks.sm,clocks.max.sm,clocks.mem,power.draw,power.limit,temperature.gpu --format=csv
  ls /usr/local/cuda*/lib*/libnvrtc.so* 2>/dev/null | head -3
  ldconfig -p 2>/dev/null | grep -E 'libcuda\.so|libnvrtc' | head -5
}
export -f smi
want smi && section "nvidia-smi" "$devlog" 20 smi
grep -E "Driver Version|^name|^NVIDIA" "$devlog" | head -3 | sed 's/^/    /' >> "$notes"

# ---- 2. JUnit CUDA tests ------------------------------------------------------------------
want tests && section "gpu-tests.sh run" "$tests" 180 "$gt" run
grep -E "tests (successful|failed|aborted|skipped)" "$tests" | sed 's/^/    /' >> "$notes"
grep -E "^(FAILED|ABORTED)" "$tests" | cut -c1-200 | sed 's/^/    /' >> "$notes"

# ---- 3. the command line, CPU against CUDA --------------------------------------------------
cli_check() {
  local m="$pack/shared/models" prompt="Once upon a time" same=0 total=0 f name tok dev
  [ -d "$m" ] || m="${INFER4J_SHARED_DIR:-$repo/../shared}/models"
  for f in stories260K.bin stories260K-f32.gguf stories260K-f16.gguf stories260K-q8_0.gguf; do
    name=${f%.*}; tok=()
    [ "$f" = stories260K.bin ] && tok=(--tokenizer "$m/tok512.bin")
    for dev in cpu cuda; do
      echo "--- $f device=$dev"
      JAVA_OPTS_EXTRA="-Dinfer4j.backends.gpu.device=$dev" timeout -k 5 60 "$gt" cli generate \
        --backend gpu --model "$m/$f" ${tok[@]+"${tok[@]}"} --prompt "$prompt" --temperature 0 \
        --max-tokens 100 > "$work/cli-$name-$dev.txt" 2> "$work/cli-$name-$dev.err"
      echo "rc=$?"; cat "$work/cli-$name-$dev.txt"; echo; grep -v '^WARNING: Using incubator' "$work/cli-$name-$dev.err" | tail -5
    done
    total=$((total + 1))
    if [ -s "$work/cli-$name-cpu.txt" ] && [ "$(< "$work/cli-$name-cpu.txt")" == "$(< "$work/cli-$name-cuda.txt")" ]; then
      same=$((same + 1)); echo "CLI $f: SAME text on cpu and cuda" >> "$work/cli-summary"
    else
      echo "CLI $f: DIFFERENT or failed (cpu $(wc -c < "$work/cli-$name-cpu.txt") bytes, cuda $(wc -c < "$work/cli-$name-cuda.txt") bytes; see tests.log)" >> "$work/cli-summary"
    fi
  done
  echo "--- stories260K-q8_0.gguf device=cuda --json (timing.device)"
  JAVA_OPTS_EXTRA="-Dinfer4j.backends.gpu.device=cuda" timeout -k 5 60 "$gt" cli generate \
    --backend gpu --model "$m/stories260K-q8_0.gguf" --prompt "$prompt" --temperature 0 \
    --max-tokens 100 --json 2>&1 | grep -v '^WARNING: Using incubator'
  echo "CLI: $same of $total files give the same greedy text on cpu and cuda"
  [ "$same" = "$total" ]
}
export -f cli_check
if [ "${INFER4J_SKIP_CLI:-0}" = 1 ] || ! want cli; then
  note "CLI cpu vs cuda              SKIPPED (INFER4J_SKIP_CLI=1)"
elif [ -f "$pack/cli-classpath.txt" ]; then
  : > "$work/cli-summary"
  section "CLI cpu vs cuda" "$tests" 150 cli_check
  sed 's/^/    /' "$work/cli-summary" >> "$notes"
else
  note "CLI cpu vs cuda              SKIPPED (not packed: INFER4J_PACK_CLI=0)"
fi

# ---- 4. cuBLAS reference ------------------------------------------------------------------
cublas() {
  local py="$pack/shared/tools/cublas-reference.py"
  [ -f "$py" ] || py="$repo/../shared/tools/cublas-reference.py"
  command -v python3 >/dev/null || { echo "no python3"; return 3; }
  python3 "$py"
}
export -f cublas
want cublas && section "cuBLAS reference (torch)" "$devlog" 120 cublas
sed -n '/==== cuBLAS/,$p' "$devlog" | grep -E "^(device|copy|GEMV|GEMM)|Error" | sed 's/^/    /' >> "$notes"

# ---- 5-7. GpuBench ------------------------------------------------------------------------
models=()
wait_for "$TINY" 120 && models+=("$TINY")
wait_for "$L8Q8" 180 && models+=("$L8Q8")
if [ ${#models[@]} -gt 0 ]; then
  want bench && section "GpuBench Q8_0 models" "$bench" 220 "$gt" bench "${models[@]}"
else
  note "GpuBench Q8_0 models         SKIPPED (no model generated)"
fi
# the same models on the plain path (each kernel launched on its own, prompts on the matvec
# kernels): what the decode graphs and the tensor-core prompt path are worth, in this run
if [ ${#models[@]} -gt 0 ]; then
  plain() { JAVA_OPTS_EXTRA="-Dinfer4j.gpu.graphs=false -Dinfer4j.gpu.tensor-cores=false" \
    "$gt" bench "$@"; }
  export -f plain
  echo "== plain path: -Dinfer4j.gpu.graphs=false -Dinfer4j.gpu.tensor-cores=false" >> "$bench"
  want plain && section "GpuBench Q8_0, plain path" "$bench" 120 plain "${models[@]}"
fi
want matvec && section "GpuBench --matvec" "$bench" 200 "$gt" bench --matvec
# Nsight Compute: each kernel of 3 decode steps, its time, summed per kernel name (INFER4J_PROFILE=1)
profile() {
  local ncu
  ncu=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu /usr/local/cuda/bin/ncu 2>/dev/null | head -1)
  [ -n "$ncu" ] || { echo "no ncu on this host"; return 3; }
  for m in "$@"; do
    echo "--- $m"
    INFER4J_LAUNCH_PREFIX="$ncu --clock-control none --cache-control none --profile-from-start off --graph-profiling node --metrics gpu__time_duration.sum --print-units base --csv --page raw --log-file $work/ncu-$(basename "$m").log" \
      "$gt" profile "$m" 3
    echo "rc=$?"
    python3 - "$work/ncu-$(basename "$m").log" <<'PY'
import csv, sys, collections
lines = open(sys.argv[1]).read().splitlines()
first = next(i for i, l in enumerate(lines) if l.startswith('"ID"'))
r = list(csv.reader([l for l in lines[first:] if l.startswith('"')]))
head = r[0]; data = r[1:]
name = next(i for i, h in enumerate(head) if h in ("Kernel Name", "Function Name")); val = None
for i, h in enumerate(head):
    if "gpu__time_duration" in h: val = i
data = [d for d in data if len(d) > val and d[val].replace('.', '', 1).replace(',', '').isdigit()]
tot = collections.defaultdict(float); cnt = collections.Counter()
for d in data:
    t = float(d[val].replace(',', ''))
    tot[d[name].split('(')[0]] += t; cnt[d[name].split('(')[0]] += 1
unit = 'ns'
s = sum(tot.values())
print(f"kernels {len(data)}, total {s/1e3/3:.1f} us per decode step (3 steps)")
for k, t in sorted(tot.items(), key=lambda kv: -kv[1]):
    print(f"PROFILE {k:28s} launches/step {cnt[k]/3:6.1f}  us/step {t/1e3/3:9.1f}  us/launch {t/cnt[k]/1e3:7.2f}  share {t/s:5.1%}")
PY
  done
}
export -f profile
if { [ "${INFER4J_PROFILE:-0}" = 1 ] || [ -n "${INFER4J_SECTIONS:-}" ]; } && want profile \
    && [ ${#models[@]} -gt 0 ]; then
  section "ncu decode profile" "$bench" 150 profile "${models[@]}"
fi
if [ "${INFER4J_SYNTH_BF16:-1}" = 1 ] && want bf16; then
  if wait_for "$L8BF" 120; then
    section "GpuBench BF16 8B model" "$bench" 150 "$gt" bench "$L8BF"
  else
    note "GpuBench BF16 8B model       SKIPPED (model not generated)"
  fi
fi
# a generation still running ends by its own timeout, before the deadline
for key in "${!gen_pid[@]}"; do
  kill -0 "${gen_pid[$key]}" 2>/dev/null && note "the generation of $key is still running (its timeout ends it)"
done
note "device check finished in $((SECONDS - start)) s"

# summary.txt: every RESULT line, then the sections' status, then the tables (the end of the
# output is what the device tool shows)
cp "$notes" "$work/notes"
{
  echo "---- RESULT lines (bench.log)"
  grep -E '^RESULT ' "$bench"
  echo
  echo "---- sections"
  cat "$work/notes"
  echo
  echo "---- decode profile (bench.log)"
  grep -E '^(PROFILE|kernels )' "$bench"
  echo
  echo "---- tables (bench.log)"
  grep -E '^(\||== model|GpuBench total)' "$bench"
} > "$summary"
rm -rf "$work"
echo
cat "$summary"
