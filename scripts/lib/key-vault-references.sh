#!/usr/bin/env bash
# Makes the function app read its Key Vault references again, waits until every one reads Resolved, then restarts it
# and syncs its triggers. Sourced by scripts/hooks/postprovision.sh and scripts/refresh-secrets.sh.
#
# Why not just restart: App Service caches a resolved reference for up to 24 hours, and a restart is not documented to
# fetch it again; a configuration change or POST {site}/config/configreferences/appsettings/refresh is
# (https://learn.microsoft.com/azure/app-service/app-service-key-vault-references#rotation). The status of each
# reference is GET {site}/config/configreferences/appsettings (properties.status, properties.details).
#
# Needs: subscription, group, app (set by the caller). Tuning: CODAT_RESOLVE_ATTEMPTS (default 20) and
# CODAT_RESOLVE_RETRY_SECONDS (default 15): about 5 minutes.

key_vault_references_api='api-version=2024-04-01'

# Prints the site's resource ID.
site_id() {
  az functionapp show --subscription "$subscription" --resource-group "$group" --name "$app" --query id --output tsv
}

# Prints "name<TAB>status<TAB>details" for every reference that is not Resolved; nothing when all are.
unresolved_references() {
  az rest --method get --url "$1/config/configreferences/appsettings?$key_vault_references_api" \
    --query "value[?properties.status!='Resolved'].[name, properties.status, properties.details]" --output tsv
}

# Refreshes, polls until every reference resolves (bounded), restarts and syncs triggers. Returns 1 when a reference
# stays unresolved or a call fails, after printing what to run next.
refresh_key_vault_references() {
  local id attempt=1 attempts=${CODAT_RESOLVE_ATTEMPTS:-20} pending=''
  if ! id=$(site_id); then
    echo "error: could not find the function app $app in $group." >&2
    references_next_steps
    return 1
  fi
  echo "Asking $app to read its Key Vault references again..."
  if ! az rest --method post --url "$id/config/configreferences/appsettings/refresh?$key_vault_references_api" --output none; then
    echo "error: the Key Vault reference refresh of $app failed." >&2
    references_next_steps
    return 1
  fi
  while :; do
    if pending=$(unresolved_references "$id") && [ -z "$pending" ]; then
      break
    fi
    if [ "$attempt" -ge "$attempts" ]; then
      echo "error: these Key Vault references of $app did not resolve (setting, status, details):" >&2
      printf '%s\n' "${pending:-(the status could not be read)}" >&2
      references_next_steps
      return 1
    fi
    echo "Waiting for $app to resolve its Key Vault references (attempt $attempt of $attempts)..."
    sleep "${CODAT_RESOLVE_RETRY_SECONDS:-15}"
    attempt=$((attempt + 1))
  done
  echo "Every Key Vault reference of $app is resolved."
  if az functionapp restart --subscription "$subscription" --resource-group "$group" --name "$app" --output none &&
    az rest --method post --url "$id/syncfunctiontriggers?$key_vault_references_api" --output none; then
    echo "Restarted $app and synced its triggers."
  else
    echo "error: the restart or the trigger sync of $app failed." >&2
    references_next_steps
    return 1
  fi
}

references_next_steps() {
  cat >&2 <<TEXT
Next: fix the cause (a missing secret, or the app identity's Key Vault Secrets User role), then run
    scripts/refresh-secrets.sh
and, if the code was never deployed, azd deploy. Each reference's status:
    az rest --method get --url "\$(az functionapp show --subscription $subscription --resource-group $group --name $app --query id --output tsv)/config/configreferences/appsettings?$key_vault_references_api"
TEXT
}
