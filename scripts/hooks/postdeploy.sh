#!/usr/bin/env bash
# azd postdeploy hook (azure.yaml; postdeploy.ps1 on Windows): proves the deployment with one signed test alert,
# followed until it is processed (scripts/self-test.sh, which says how). Set CODAT_SKIP_SELF_TEST=true to skip it.
set -euo pipefail
if [ "${CODAT_SKIP_SELF_TEST:-false}" = true ]; then
  echo "CODAT_SKIP_SELF_TEST is true: no self-test. Run it later with: scripts/self-test.sh"
  exit 0
fi
exec "$(dirname "$0")/../self-test.sh"
