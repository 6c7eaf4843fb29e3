#!/usr/bin/env bash
# Checks every Bicep file under infra/ with the compiler pinned in tools/Bicep/Bicep.proj, offline (--no-restore):
# lint without a diagnostic, build main.bicep, build-params main.bicepparam, and `bicep format` leaves every file
# unchanged. The compiled JSON goes to a temporary folder; tests/CodatAlerts.Infra.Tests compiles its own.
set -euo pipefail
cd "$(dirname "$0")/.."

project=tools/Bicep/Bicep.proj
dotnet restore "$project" --nologo --verbosity quiet

# The version PackageDownload pins, in the global packages folder (NUGET_PACKAGES wins when set).
version=$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\[\([^]]*\)\]".*/\1/p' "$project")
packages=${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')}
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[ -x "$bicep" ] || { echo "error: Bicep compiler not found at $bicep" >&2; exit 1; }
echo "$("$bicep" --version)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pattern='**/*.bicep*' # .bicep and .bicepparam

# Lint fails (exit 1) on any error-level diagnostic. Warnings fail too: the template is kept warning-free, and the
# rules that could drift with the date or need a registry are off in bicepconfig.json.
if ! diagnostics=$("$bicep" lint --no-restore --pattern "infra/$pattern" 2>&1) || [ -n "$diagnostics" ]; then
  echo "$diagnostics" >&2
  echo "error: bicep lint reported diagnostics" >&2
  exit 1
fi
echo "lint: no diagnostics"

"$bicep" build --no-restore infra/main.bicep --outdir "$work/build"
"$bicep" build-params --no-restore infra/main.bicepparam --outfile "$work/build/main.parameters.json"
echo "build, build-params: ok"

# Format a copy and compare: the committed files must already be in canonical form.
cp -R infra "$work/formatted"
"$bicep" format --pattern "$work/formatted/$pattern"
if ! diff -ru infra "$work/formatted" >&2; then
  echo "error: files above are not formatted; run: $bicep format --pattern 'infra/$pattern'" >&2
  exit 1
fi
echo "format: unchanged"
