#!/bin/sh
# Write every report the speed work must leave unchanged into DIR, to compare two versions byte for byte:
#   sh bench/snapshot.sh /tmp/before   (on the old code)   sh bench/snapshot.sh /tmp/after   diff -r /tmp/before /tmp/after
# Reads the real filings from ../shared/corpus when they are there; the examples always.
set -u
out=${1:?usage: snapshot.sh DIR}
here=$(cd "$(dirname "$0")/.." && pwd)
corpus="$here/../shared/corpus"
cyd=${CYDCHECK:-cydcheck}
mkdir -p "$out"
files=$(find "$here/examples" -maxdepth 1 -type f | sort)
if [ -d "$corpus" ]; then
  files="$files $(find "$corpus" -type f \( -name '*.htm' -o -name '*.xml' \) | sort)"
  files="$files $(find "$here/../shared/seed" -type f | sort)"
  for lab in "$here/../shared/labels"; do
    [ -d "$lab" ] && (cd "$here" && $cyd eval "$lab" "$corpus" --no-config --format json > "$out/eval.json" 2>&1)
  done
  (cd "$here" && $cyd check "$corpus" --no-config --format json --as-of 2025-06-30 -o - > "$out/corpus-dir.json" 2>&1; echo "exit $?" >> "$out/corpus-dir.json")
fi
for f in $files; do
  name=$(basename "$f")
  (cd "$here" && $cyd check "$f" --no-config --as-of 2025-06-30 --format json -o - > "$out/$name.json" 2>&1; echo "exit $?" >> "$out/$name.json")
  (cd "$here" && $cyd check "$f" --no-config --as-of 2025-06-30 --color never -v > "$out/$name.txt" 2>&1; echo "exit $?" >> "$out/$name.txt")
  (cd "$here" && $cyd check "$f" --no-config --as-of 2025-06-30 --format sarif -o - > "$out/$name.sarif" 2>&1)
  (cd "$here" && $cyd check "$f" --no-config --as-of 2025-06-30 --format html -o - > "$out/$name.html" 2>&1)
  (cd "$here" && $cyd parse "$f" > "$out/$name.parse.json" 2>&1; echo "exit $?" >> "$out/$name.parse.json")
done
ls "$out" | wc -l
