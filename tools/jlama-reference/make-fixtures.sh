#!/usr/bin/env bash
# Regenerates the inference engine's reference fixtures (libs/inference-engine/src/test/resources/reference/*.json):
# for each case in tools/jlama-reference/cases/, writes the random checkpoint with OUR generator (Java 17, this
# worktree), applies the case's config.json edits, and records Jlama's logits for the case's token sequences.
# Usage (from anywhere): tools/jlama-reference/make-fixtures.sh [CASE_NAME ...]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOL="$ROOT/tools/jlama-reference"
OUT="$ROOT/libs/inference-engine/src/test/resources/reference"
JLAMA_JAVA_HOME="${JLAMA_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$ROOT"
./mvnw -o -q -B -pl libs/inference-engine compile -Dspotless.check.skip
./mvnw -o -q -B -pl libs/inference-engine dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt"
ENGINE_CP="$ROOT/libs/inference-engine/target/classes:$(cat "$WORK/cp.txt")"
JAVA_HOME="$JLAMA_JAVA_HOME" mvn -f "$TOOL/pom.xml" -q -B package

mkdir -p "$OUT"
if [ "$#" -gt 0 ]; then cases=("$@"); else cases=(); for f in "$TOOL"/cases/*.json; do cases+=("$(basename "$f" .json)"); done; fi
for name in "${cases[@]}"; do
  case_file="$TOOL/cases/$name.json"
  s() { jq -r ".spec.$1" "$case_file"; }
  dir="$WORK/$name"
  java -cp "$ENGINE_CP" io.pluralign.engine.checkpoint.RandomCheckpointMain \
    --family "$(s family)" --vocab "$(s vocab)" --hidden "$(s hidden)" --layers "$(s layers)" \
    --heads "$(s heads)" --kv-heads "$(s kvHeads)" --ffn "$(s ffn)" --max-positions "$(s maxPositions)" \
    --tied "$(s tied)" --window "$(s slidingWindow)" --seed "$(s seed)" --dtype "$(jq -r .dtype "$case_file")" \
    --out "$dir" >/dev/null
  # config edits replace top-level keys of config.json (the test applies them the same way)
  jq --argjson edits "$(jq -c '.configEdits // {}' "$case_file")" '. + $edits' "$dir/config.json" > "$dir/config.edited"
  mv "$dir/config.edited" "$dir/config.json"
  window="$(jq -r '.windowSuffix // 0' "$case_file")"
  "$JLAMA_JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-preview \
    -jar "$TOOL/target/jlama-reference.jar" \
    --model "$dir" --case "$case_file" --window-suffix "$window" --out "$OUT/$name.json" 2> "$WORK/$name.log" \
    || { cat "$WORK/$name.log"; exit 1; }
  echo "$name -> $OUT/$name.json"
done
