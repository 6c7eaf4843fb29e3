#!/usr/bin/env bash
# Finds Azure Functions Core Tools for scripts/run-local.sh, installing a pinned copy into the repository when none
# fits. Sourced, so the tests can drive core_tools_resolve with a fake PATH and a fake npm (no download).
#
# Order: the repository's own copy (.tools/core-tools, at the pinned version), else a `func` on PATH that is recent
# enough, else install the pinned version into .tools/core-tools with npm. The npm package's postinstall downloads the
# binary for this OS and CPU from Microsoft's CDN (cdn.functions.azure.com) and honours npm's proxy settings; when that
# download cannot happen, npm fails, nothing is left behind, and the caller gets the manual install instructions.

# 4.13.2 is the newest release that runs on Node 20 (4.14 and later declare Node 22 and load ESM-only dependencies).
CORE_TOOLS_VERSION=4.13.2
# The oldest Core Tools that runs a .NET 10 isolated worker app.
CORE_TOOLS_MINIMUM=4.0.6280

# True when version $1 >= version $2 (dotted numbers).
core_tools_version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# The version a func on PATH reports (the last x.y.z it prints), or nothing when it does not run.
core_tools_version_of() {
  "$1" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | tail -n 1
}

# True when an npm install under prefix $1 holds Core Tools $CORE_TOOLS_VERSION with its downloaded binary. Read from
# the files, without running func: a copy of another version is replaced, and a half-done install never counts.
core_tools_installed() {
  local package="$1/node_modules/azure-functions-core-tools"
  [ -x "$1/node_modules/.bin/func" ] && { [ -x "$package/bin/func" ] || [ -f "$package/bin/func.exe" ]; } &&
    grep -Eq "\"version\": *\"$CORE_TOOLS_VERSION\"" "$package/package.json" 2>/dev/null
}

core_tools_missing_message() {
  cat >&2 <<MESSAGE
error: Azure Functions Core Tools v4 ($CORE_TOOLS_MINIMUM or later) is not installed.
  Install it with:  npm install --global azure-functions-core-tools@4
  or see https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools
  then run this command again.
MESSAGE
}

# Prints the path of the func to run. Installs the pinned version under $1/.tools/core-tools when neither the
# repository's copy nor one on PATH fits; returns 1 (after the install instructions on stderr) when that fails.
core_tools_resolve() {
  local tools="$1/.tools"
  local prefix="$tools/core-tools"
  local local_func="$prefix/node_modules/.bin/func"
  local path_func version

  # The repository's copy, when it is the pinned version: no network, and the same version on every machine.
  if core_tools_installed "$prefix"; then
    printf '%s\n' "$local_func"
    return 0
  fi

  # One the developer installed, when it can run a .NET 10 app.
  path_func=$(command -v func) || path_func=""
  if [ -n "$path_func" ]; then
    version=$(core_tools_version_of "$path_func") || version=""
    if [ -n "$version" ] && core_tools_version_at_least "$version" "$CORE_TOOLS_MINIMUM"; then
      printf '%s\n' "$path_func"
      return 0
    fi
    echo "The func on PATH ($path_func, version ${version:-unknown}) is older than $CORE_TOOLS_MINIMUM." >&2
  fi

  echo "Installing Azure Functions Core Tools $CORE_TOOLS_VERSION into .tools/core-tools (npm, then a download from Microsoft's CDN)..." >&2
  rm -rf "$prefix"
  mkdir -p "$prefix"
  if npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "azure-functions-core-tools@$CORE_TOOLS_VERSION" \
    >"$tools/core-tools-install.log" 2>&1 && core_tools_installed "$prefix"; then
    echo "Installed Core Tools $CORE_TOOLS_VERSION in .tools/core-tools." >&2
    printf '%s\n' "$local_func"
    return 0
  fi

  # Nothing half-installed stays behind to be mistaken for a copy on the next run.
  rm -rf "$prefix"
  echo "Installing Core Tools $CORE_TOOLS_VERSION into .tools/core-tools failed (no network access to the npm registry or to cdn.functions.azure.com?); npm's output is in .tools/core-tools-install.log." >&2
  core_tools_missing_message
  return 1
}
