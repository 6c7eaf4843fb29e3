#!/usr/bin/env bash
# Puts a rotated or pasted Codat secret into Key Vault and makes the deployed app use it: the app reads its Key Vault
# references again, waits until each one resolves, then restarts (scripts/lib/key-vault-references.sh). App Service
# caches a resolved reference for up to 24 hours, and a restart alone is not documented to fetch it again.
#
#   scripts/refresh-secrets.sh codat-signing-secret    asks for the new value (hidden), sets it, refreshes the app
#   printf %s "$value" | scripts/refresh-secrets.sh codat-signing-secret    the same, value from standard input
#   scripts/refresh-secrets.sh                          only refreshes (after setting a secret some other way)
#
# The value never appears on a command line: it goes to az through a file only this user can read, removed at once.
# Reads the azd environment (AZURE_KEY_VAULT_NAME, AZURE_FUNCTION_APP_NAME, AZURE_RESOURCE_GROUP,
# AZURE_SUBSCRIPTION_ID) from the process environment, or from azd env get-values when they are not set.
set -euo pipefail

if [ -z "${AZURE_FUNCTION_APP_NAME:-}" ] && command -v azd >/dev/null; then
  set -a
  eval "$(azd env get-values)"
  set +a
fi
vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this from the azd project, after azd provision}
app=${AZURE_FUNCTION_APP_NAME:?AZURE_FUNCTION_APP_NAME is not set}
group=${AZURE_RESOURCE_GROUP:?AZURE_RESOURCE_GROUP is not set}
subscription=${AZURE_SUBSCRIPTION_ID:?AZURE_SUBSCRIPTION_ID is not set}

if [ $# -gt 0 ]; then
  name=$1
  if [ -t 0 ]; then
    read -rsp "New value of $name (not shown): " value
    echo
  else
    IFS= read -r value || [ -n "$value" ]
  fi
  [ -n "$value" ] || { echo "error: empty value; $name left as it is." >&2; exit 1; }
  file=$(mktemp)
  trap 'rm -f "$file"' EXIT
  chmod 600 "$file"
  printf '%s' "$value" >"$file"
  unset value
  az keyvault secret set --subscription "$subscription" --vault-name "$vault" --name "$name" --file "$file" --encoding utf-8 --output none
  rm -f "$file"
  echo "Set a new version of Key Vault secret $name."
fi

# shellcheck source=lib/key-vault-references.sh
. "$(dirname "$0")/lib/key-vault-references.sh"
refresh_key_vault_references
