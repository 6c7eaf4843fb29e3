#!/usr/bin/env bash
# azd preprovision hook (azure.yaml; scripts/hooks/preprovision.ps1 on Windows). Creates, or brings up to date, the
# Entra ID app registration that operators sign in to (CONTRACTS.md "Operator access"), before the template runs, so
# that its client ID reaches the app settings (main.bicepparam reads OPERATORS_ENTRA_CLIENT_ID):
#   - app roles Alerts.Reader and Alerts.Operator (fixed IDs, so a rerun changes nothing), v2 access tokens, the
#     identifier URI api://<client ID>, one delegated scope, and the Azure CLI pre-authorized for it, so that
#     az account get-access-token --resource api://<client ID> works without a consent prompt;
#   - its service principal, and the deploying user (AZURE_PRINCIPAL_ID) assigned Alerts.Operator;
#   - azd env set OPERATORS_ENTRA_CLIENT_ID.
# Why a hook and not the Microsoft Graph Bicep extension (GA since July 2025): the extension is restored from a
# registry at build time, which the offline build here (scripts/bicep-check.sh, --no-restore) cannot do, and deploying
# it needs Application.ReadWrite.All delegated to the deployer, while az ad app create works for every user the tenant
# lets register applications. See infra/README.md.
#
# Idempotent: it finds the registration by OPERATORS_ENTRA_CLIENT_ID or by its display name, and only adds what is
# missing. Set CODAT_SKIP_OPERATOR_APP=true to leave Entra ID alone (operator endpoints then answer nobody in Azure).
set -euo pipefail

if [ "${CODAT_SKIP_OPERATOR_APP:-false}" = true ]; then
  echo "CODAT_SKIP_OPERATOR_APP is true: no operator app registration; the operator endpoints answer nobody in Azure."
  exit 0
fi

environment=${AZURE_ENV_NAME:?AZURE_ENV_NAME is not set: run this through azd (azd provision)}
subscription=${AZURE_SUBSCRIPTION_ID:?AZURE_SUBSCRIPTION_ID is not set: run this through azd (azd provision)}
principal=${AZURE_PRINCIPAL_ID:-}
principal_type=${AZURE_PRINCIPAL_TYPE:-User}
client_id=${OPERATORS_ENTRA_CLIENT_ID:-}
display_name="codat-alerts-operators-$environment"
manifest="$(dirname "$0")/operator-app.json"
graph=https://graph.microsoft.com/v1.0
operator_role=2f6b8c1d-3e4a-4f5b-8c9d-0e1f2a3b4c02

stop() {
  echo "error: $1" >&2
  echo "Fix the cause and run azd provision again, or set CODAT_SKIP_OPERATOR_APP=true to deploy without operator access." >&2
  exit 1
}

az account show --subscription "$subscription" --output none 2>/dev/null ||
  stop "the Azure CLI is not signed in to subscription $subscription: run az login."

if [ -z "$client_id" ]; then
  client_id=$(az ad app list --display-name "$display_name" --query "[0].appId" --output tsv) ||
    stop "could not search the app registrations (az ad app list)."
fi
if [ -z "$client_id" ]; then
  client_id=$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMyOrg --query appId --output tsv) ||
    stop "could not create the app registration $display_name (your tenant may not let users register applications)."
  echo "Created the app registration $display_name ($client_id)."
fi
object_id=$(az ad app show --id "$client_id" --query id --output tsv) || stop "could not read the app registration $client_id."

# Roles, scope, token version and the Azure CLI's pre-authorization: one PATCH of the whole manifest (same IDs every
# time). The identifier URI needs the client ID, so it is a second, small PATCH, from a file like the first.
az rest --method patch --url "$graph/applications/$object_id" --headers Content-Type=application/json --body "@$manifest" --output none ||
  stop "could not update the app registration $client_id from $manifest."
uris=$(mktemp)
trap 'rm -f "$uris"' EXIT
printf '{"identifierUris":["api://%s"]}' "$client_id" >"$uris"
az rest --method patch --url "$graph/applications/$object_id" --headers Content-Type=application/json --body "@$uris" --output none ||
  stop "could not set the identifier URI api://$client_id."

service_principal=$(az ad sp show --id "$client_id" --query id --output tsv 2>/dev/null) ||
  service_principal=$(az ad sp create --id "$client_id" --query id --output tsv) ||
  stop "could not create the service principal of $client_id."

# The deploying user may operate at once; anyone else is assigned in Entra ID (Enterprise applications > the app >
# Users and groups), as infra/README.md shows. A CI principal is not assigned.
if [ -n "$principal" ] && [ "$principal_type" = User ]; then
  assigned=$(az rest --method get --url "$graph/servicePrincipals/$service_principal/appRoleAssignedTo" \
    --query "length(value[?principalId=='$principal' && appRoleId=='$operator_role'])" --output tsv) ||
    stop "could not read the role assignments of $client_id."
  if [ "$assigned" = 0 ]; then
    assignment=$(mktemp)
    trap 'rm -f "$uris" "$assignment"' EXIT
    printf '{"principalId":"%s","resourceId":"%s","appRoleId":"%s"}' "$principal" "$service_principal" "$operator_role" >"$assignment"
    az rest --method post --url "$graph/servicePrincipals/$service_principal/appRoleAssignedTo" \
      --headers Content-Type=application/json --body "@$assignment" --output none ||
      stop "could not assign you Alerts.Operator on $client_id."
    echo "Assigned you ($principal) the app role Alerts.Operator."
  fi
fi

# Without azd (the plain route of infra/README.md) the caller exports it instead.
if command -v azd >/dev/null; then
  azd env set OPERATORS_ENTRA_CLIENT_ID "$client_id"
else
  echo "azd is not installed: export OPERATORS_ENTRA_CLIENT_ID=$client_id before deploying main.bicepparam."
fi
echo "Operators sign in to the app registration $display_name ($client_id); tokens: az account get-access-token --resource api://$client_id"
