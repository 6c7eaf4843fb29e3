#!/usr/bin/env bash
# Runs every check and test from a clean checkout: installs what it needs (Azurite from npm with the lockfile, NuGet
# packages, the Bicep compiler), builds warning-clean, then runs all test projects. Tests start Azurite themselves.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "error: the .NET SDK 10 is required (https://dot.net)" >&2; exit 2; }
command -v npm >/dev/null || { echo "error: Node.js 20+ with npm is required (for Azurite)" >&2; exit 2; }

echo "==> npm ci (Azurite, pinned in package-lock.json; Node $(node --version))"
npm ci --no-audit --no-fund --loglevel=error
# Azurite 3.37 declares Node 22 in its engines but runs on Node 20 (the storage tests start it): check that npm
# installed exactly the pinned version.
pinned=$(node -p "require('./package.json').devDependencies.azurite")
installed=$(node_modules/.bin/azurite --version)
[ "$installed" = "$pinned" ] || { echo "error: Azurite $installed is installed, $pinned is pinned" >&2; exit 2; }

echo "==> chromium (Debian's, for the console's browser tests in tests/CodatAlerts.ConsoleTests)"
# Playwright drives the system browser: its own browser download is not reachable from CI. CHROMIUM_PATH overrides.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    echo "error: the console tests need Debian's chromium: run 'apt-get install -y chromium' as root (or set CHROMIUM_PATH)" >&2
    exit 2
  fi
fi
"${CHROMIUM_PATH:-/usr/bin/chromium}" --version 2>/dev/null | tail -n 1

echo "==> dotnet restore + build (warnings are errors)"
dotnet restore CodatFunctions.sln --nologo
# Warnings are errors through Directory.Build.props; the one documented exception is NU1603 from the Worker SDK's
# generated extension project, which is why -p:TreatWarningsAsErrors=true is not passed here.
dotnet build CodatFunctions.sln -c Release --no-restore --nologo

echo "==> Bicep: lint, build, build-params, format"
scripts/bicep-check.sh

echo "==> dotnet test"
log=$(mktemp)
set +e
# A test that hangs fails by name after 15 minutes without a test finishing, instead of holding the run until CI's
# limit: the blame collector names the tests still running (no dump: the name is what is needed).
dotnet test CodatFunctions.sln -c Release --no-build --nologo --blame-hang-timeout 15m --blame-hang-dump-type none 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One plain summary line over all test projects.
awk '/(Passed|Failed)! +- +Failed:/ { gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
