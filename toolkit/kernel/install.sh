#!/usr/bin/env bash
# Installs the LAST toolkit Java kernel as kernelspec "java" under JUPYTER_DIR/kernels/java (use with JUPYTER_PATH).
#   bash toolkit/kernel/install.sh JUPYTER_DIR
# Needs the jars built first (mvn install -DskipTests): toolkit/kernel/target/last-kernel.jar and
# toolkit/core/target/{classes,classpath.txt}, whose entries become the kernel's IJAVA_CLASSPATH.
set -euo pipefail
if [ $# -ne 1 ] || [ -z "$1" ]; then
  echo "usage: bash toolkit/kernel/install.sh JUPYTER_DIR" >&2
  exit 2
fi
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${LAST_KERNEL_JAR:-$HERE/target/last-kernel.jar}"   # LAST_KERNEL_JAR: another build of the jar (tests)
if [ ! -f "$JAR" ]; then
  echo "[kernel] $JAR is missing: build first (mvn install -DskipTests)" >&2
  exit 1
fi
mkdir -p "$1/kernels/java"
DEST="$(cd "$1/kernels/java" && pwd)"
cp -f "$JAR" "$DEST/last-kernel.jar"

# library classpath: core classes + its runtime dependencies (absolute; relative entries resolved against the repo root)
CP="$ROOT/toolkit/core/target/classes"
CPFILE="$ROOT/toolkit/core/target/classpath.txt"
if [ -f "$CPFILE" ]; then
  IFS=':' read -r -a ENTRIES <<< "$(tr -d '\r\n' < "$CPFILE")"
  for e in "${ENTRIES[@]}"; do
    [ -z "$e" ] && continue
    case "$e" in /*) ;; *) e="$ROOT/$e" ;; esac
    CP="$CP:$e"
  done
else
  echo "[kernel] warning: $CPFILE not found, the kernel gets only $ROOT/toolkit/core/target/classes" >&2
fi
[ -d "$ROOT/toolkit/core/target/classes" ] || echo "[kernel] warning: $ROOT/toolkit/core/target/classes does not exist yet" >&2

# the toolkit's sources, so that shift-tab shows their Javadoc (IJAVA_SOURCEPATH, read by our kernel only)
SRC="$ROOT/toolkit/math/src/main/java:$ROOT/toolkit/core/src/main/java"
PY="$(command -v python3 || echo /usr/bin/python3)"
"$PY" - "$DEST" "$CP" "$SRC" <<'PYEOF'
import json, os, sys
dest, cp, src = sys.argv[1], sys.argv[2], sys.argv[3]
# Quiet the library chatter notebooks would show as red stderr blocks, keep real warnings: slf4j-simple (DJL's
# "[main] INFO ai.djl.pytorch.engine.PtEngine - Number of inter-op threads ...") at warn, PyTorch's native c10 log
# ("[W1202 ... LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated") at error.
spec = {
    "argv": ["java", "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Xmx6g",
             "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
             "-jar", os.path.join(dest, "last-kernel.jar"), "{connection_file}"],
    "display_name": "Java (LAST toolkit)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {"IJAVA_CLASSPATH": cp, "IJAVA_SOURCEPATH": src, "DJL_OFFLINE": "true", "TORCH_CPP_LOG_LEVEL": "ERROR", "MALLOC_MMAP_THRESHOLD_": "4000000000", "MALLOC_TRIM_THRESHOLD_": "4000000000", "MALLOC_TOP_PAD_": "1000000000"},
}
with open(os.path.join(dest, "kernel.json"), "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PYEOF
echo "[kernel] installed kernelspec 'java' in $DEST"
