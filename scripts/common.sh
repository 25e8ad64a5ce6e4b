# Shared by the scripts: build the thin jar and the local class path (Spark included), and the JVM flags.
# Sourced, not run. Needs only Java 17 and Maven.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Compiles the project and writes target/classpath.txt (compile + provided scopes: Spark, Breeze, Hadoop)
# when the sources or the pom changed since the last build.
build() {
  local stamp="$ROOT/target/.built"
  # the caller (Maven's cluster tests, after packaging) has built the jar and target/classpath.txt
  [ -n "${SPARKRNN_PREBUILT:-}" ] && return 0
  if [ ! -f "$stamp" ] || [ -n "$(find "$ROOT/pom.xml" "$ROOT/src/main" -newer "$stamp" -print -quit)" ]; then
    mkdir -p "$ROOT/target"
    # the build's own output only when it fails (a quiet Maven still writes terminal control codes)
    if ! (cd "$ROOT" && mvn -q -B -Dstyle.color=never -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile) > "$ROOT/target/build.log" 2>&1; then
      cat "$ROOT/target/build.log" >&2
      return 1
    fi
    touch "$stamp"
  fi
}

# The JVM flags Spark needs on Java 17, read from the pom (one place).
# JVM_FLAGS_DROP, when set, is a flag to leave out.
jvm_flags() {
  local flags
  flags=$(sed -n 's:.*<jvm.flags>\(.*\)</jvm.flags>.*:\1:p' "$ROOT/pom.xml")
  [ -n "${JVM_FLAGS_DROP:-}" ] && flags=${flags//"$JVM_FLAGS_DROP"/}
  echo "$flags"
}

# run_java MAIN_CLASS ARGS... : runs a class of the project with Spark on the class path.
run_java() {
  local main=$1; shift
  # native OpenBLAS (when installed) runs one thread per task: Spark runs one task per core
  export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1}
  # shellcheck disable=SC2046
  java $(jvm_flags) ${JAVA_OPTS:-} -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" "$main" "$@"
}

# The peers (numpy, PyTorch) use Debian's OpenBLAS, which can mistake a virtual CPU for an old one (it took
# an AVX-512 Xeon for a Prescott: a sixth of the speed). Unless OPENBLAS_CORETYPE is set, name the core from
# the CPU's flags, as the project's bundled OpenBLAS detects it, so the peers run at their real speed.
peer_blas_env() {
  export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
  if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    if grep -q -w avx512f /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=SkylakeX
    elif grep -q -w avx2 /proc/cpuinfo 2>/dev/null; then export OPENBLAS_CORETYPE=Haswell
    fi
  fi
}
