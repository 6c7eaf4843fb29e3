#!/usr/bin/env bash
# Runs the app locally: Azurite (from the repository's pinned npm install) and the Functions host (Core Tools: the
# repository's copy in .tools/core-tools, else a recent enough func on PATH, else the pinned version installed there;
# see scripts/lib/core-tools.sh).
# Creates src/CodatAlerts.Functions/local.settings.json from local.settings.sample.json when missing, with a fresh
# random Bearer token and signing secret for the default client (printed once, never committed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app="$root/src/CodatAlerts.Functions"
cd "$root"

missing() { echo "error: $1" >&2; exit 1; }
command -v dotnet >/dev/null || missing "the .NET SDK 10 is required: https://dot.net"
command -v node >/dev/null && command -v npm >/dev/null || missing "Node.js 20+ with npm is required (it runs Azurite)."
# shellcheck source=lib/core-tools.sh
. "$root/scripts/lib/core-tools.sh"
func=$(core_tools_resolve "$root") || exit 1
echo "Using Azure Functions Core Tools at $func."

[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error

settings="$app/local.settings.json"
if [ ! -f "$settings" ]; then
  token=$(node -e "process.stdout.write(require('crypto').randomBytes(24).toString('base64url'))")
  secret="whsec_$(node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))")"
  sed -e "s|Bearer local-only-token-replace-me|Bearer $token|" -e "s|whsec_bG9jYWwtb25seS1zZWNyZXQtcmVwbGFjZS1tZS1ub3c=|$secret|" \
    local.settings.sample.json > "$settings"
  echo "Created $settings with credentials for local senders (keep them out of source control):"
  echo "  Authorization: Bearer $token"
  echo "  Signing secret: $secret"
fi

# Azurite on its default ports, unless something (an Azurite you run yourself) already listens there.
if (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null; then
  echo "Using the storage emulator already listening on 127.0.0.1:10001."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --skipApiVersionCheck --location .azurite > .azurite/azurite.log 2>&1 &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  # The host reads its queues at start-up, so wait until the blob and queue services accept connections.
  for _ in $(seq 1 300); do
    if (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null; then
      break
    fi
    kill -0 "$azurite_pid" 2>/dev/null || missing "Azurite stopped while starting; see .azurite/azurite.log."
    sleep 0.1
  done
  (exec 3<>/dev/tcp/127.0.0.1/10001) 2>/dev/null || missing "Azurite did not start within 30 s; see .azurite/azurite.log."
  echo "Started Azurite (pid $azurite_pid, data in .azurite/)."
fi

cd "$app"
"$func" start
