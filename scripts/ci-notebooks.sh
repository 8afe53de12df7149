#!/usr/bin/env bash
# Executes every notebook of notebooks/ against the demo lake and fails on any error (CI, after mvn verify).
#   scripts/ci-notebooks.sh            # builds the demo lake first (bin/emolake demo), then runs the notebooks
#   EMOLAKE_LAKE=/path/lake scripts/ci-notebooks.sh   # an existing lake instead of the demo's
# Installs Debian's jupyter-nbconvert, python3-pandas, python3-matplotlib and python3-ipykernel with apt-get when
# they are missing (with sudo only when not root). Executed copies go to target/notebooks/; the committed notebooks
# stay without outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(jupyter-nbconvert python3-pandas python3-matplotlib python3-ipykernel)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  sudo=""
  [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
  echo "installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ ! -f target/emolake.jar ]]; then
  mvn -B -q -DskipTests package
fi
if [[ -z "${EMOLAKE_LAKE:-}" ]]; then
  export EMOLAKE_LAKE="$PWD/lake"
  bin/emolake demo --lake "$EMOLAKE_LAKE"
fi
out=target/notebooks
mkdir -p "$out"
failed=0
for nb in notebooks/*.ipynb; do
  start=$(date +%s)
  # --execute stops at the first cell that raises and exits non-zero; the kernel runs in notebooks/.
  if jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
      --output-dir "$out" "$nb" >"$out/$(basename "$nb" .ipynb).log" 2>&1; then
    echo "notebook ok: $nb ($(( $(date +%s) - start )) s)"
  else
    echo "notebook FAILED: $nb" >&2
    tail -40 "$out/$(basename "$nb" .ipynb).log" >&2
    failed=1
  fi
done
exit $failed
