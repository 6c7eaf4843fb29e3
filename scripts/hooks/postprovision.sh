#!/usr/bin/env bash
# azd postprovision hook (azure.yaml; scripts/hooks/postprovision.ps1 on Windows). The app refuses to start while a
# Key Vault reference in its settings is unresolved, so before azd deploys the code this creates every Codat secret the
# configured clients name (main.bicepparam) that the vault does not hold yet, with a generated value printed once,
# then restarts the app so it resolves its references. It never overwrites a secret that exists.
#
# It reads the deployment's outputs, which azd passes as environment variables; to run it by hand:
#   set -a; eval "$(azd env get-values)"; set +a; scripts/hooks/postprovision.sh
# It needs the Azure CLI signed in (az login) as the deploying user, who holds Key Vault Secrets Officer on the vault.
#
# Written for bash 3.2 (macOS) too: no arrays. Secret names hold only letters, digits and hyphens, so the
# space-separated lists split safely. CODAT_HOOK_ATTEMPTS and CODAT_HOOK_RETRY_SECONDS tune the wait for access.
set -euo pipefail

vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this after azd provision, with the outputs in the environment}
authorization_names=${CODAT_AUTHORIZATION_SECRET_NAMES:-}
signing_names=${CODAT_SIGNING_SECRET_NAMES:-}
attempts=${CODAT_HOOK_ATTEMPTS:-12}
app=${AZURE_FUNCTION_APP_NAME:-}
group=${AZURE_RESOURCE_GROUP:-}
webhook_url=${CODAT_WEBHOOK_URL:-https://<app>.azurewebsites.net/api/alerts}

if [ -z "${authorization_names// /}${signing_names// /}" ]; then
  echo "No Codat client is configured in main.bicepparam: no secret to create."
  exit 0
fi

stop() {
  echo "error: $1" >&2
  echo "The app cannot start until these Key Vault secrets exist in $vault:" \
    $authorization_names $signing_names >&2
  echo "Fix the cause, then run this hook again with: azd hooks run postprovision" >&2
  echo "or create the secrets by hand as infra/README.md shows (Put the Codat credentials into Key Vault)." >&2
  exit 1
}

command -v az >/dev/null || stop "the Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli"
az account show --output none 2>/dev/null || stop "the Azure CLI is not signed in: run az login (as the user who ran azd up)."

# The names that exist. The deployment has just given this user Key Vault Secrets Officer, and a new role assignment
# can take a few minutes to apply, so a refusal is retried before giving up. A failure stops the hook: guessing that a
# secret is missing could overwrite it.
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
listed=false
attempt=1
while :; do
  if existing=$(az keyvault secret list --vault-name "$vault" --query "[].name" --output tsv 2>"$errors"); then
    listed=true
    break
  fi
  [ "$attempt" -lt "$attempts" ] || break
  echo "Waiting for access to Key Vault $vault (attempt $attempt of $attempts)..."
  sleep "${CODAT_HOOK_RETRY_SECONDS:-15}"
  attempt=$((attempt + 1))
done
if [ "$listed" != true ]; then
  cat "$errors" >&2
  stop "could not list the secrets of $vault (az keyvault secret list failed)."
fi

exists() { printf '%s\n' "$existing" | grep -qxF "$1"; }

# Cryptographically random bytes, base64 on one line.
random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }

# Sets a secret from a file (mode 600, removed at once), so its value never appears on a command line.
create_secret() {
  local file
  file=$(mktemp)
  chmod 600 "$file"
  printf '%s' "$2" >"$file"
  if ! az keyvault secret set --vault-name "$vault" --name "$1" --file "$file" --encoding utf-8 --output none; then
    rm -f "$file"
    stop "could not create the secret $1 (a deleted secret of that name must be recovered or purged first:
  az keyvault secret recover --vault-name $vault --name $1   or   az keyvault secret purge --vault-name $vault --name $1)."
  fi
  rm -f "$file"
}

created=0
for name in $authorization_names; do
  if exists "$name"; then
    echo "Key Vault secret $name exists: left as it is."
    continue
  fi
  # A Bearer token: 32 random bytes, base64url.
  value="Bearer $(random_base64 32 | tr '+/' '-_' | tr -d '=')"
  create_secret "$name" "$value"
  created=$((created + 1))
  cat <<TEXT

Created Key Vault secret $name, an Authorization header value. It is shown only now:

    $value

In Codat's Portal, send exactly this value as the Authorization header to $webhook_url:
  - legacy alerts: Settings > Webhooks > Security > Authorization header;
  - signed webhooks: a custom header named Authorization on the endpoint's consumer.
TEXT
done

for name in $signing_names; do
  if exists "$name"; then
    echo "Key Vault secret $name exists: left as it is."
    continue
  fi
  # Standard Webhooks: whsec_ and the base64 of a 24 to 64-byte key; 32 bytes here.
  value="whsec_$(random_base64 32)"
  create_secret "$name" "$value"
  created=$((created + 1))
  cat <<TEXT

Created Key Vault secret $name, a signing secret with a random placeholder value, so that the app starts:

    $value

Codat's Portal issues each endpoint's signing secret itself; until you copy it into this secret, signed deliveries
fail verification. Copy the endpoint's whsec_ secret from the Portal, then (as infra/README.md shows):
    read -rsp 'Signing secret (whsec_...): ' value && echo
    az keyvault secret set --vault-name $vault --name $name --value "\$value" --output none
    az functionapp restart --resource-group ${group:-<resource group>} --name ${app:-<function app>}
TEXT
done

if [ "$created" -eq 0 ]; then
  echo "Every Codat secret the configuration names exists in $vault."
  exit 0
fi

# The platform resolves Key Vault references when the app starts: restart it, and sync its triggers (a restart is one
# of the ways Azure Functions documents to sync them; the explicit call covers Flex Consumption's scale controller).
if [ -n "$app" ] && [ -n "$group" ]; then
  echo
  echo "Restarting $app so it resolves the new secrets..."
  if az functionapp restart --resource-group "$group" --name "$app" --output none &&
    az rest --method post --url "$(az functionapp show --resource-group "$group" --name "$app" --query id --output tsv)/syncfunctiontriggers?api-version=2024-04-01" --output none; then
    echo "Restarted $app and synced its triggers."
  else
    echo "warning: the restart failed; the next deployment restarts the app, or run:" >&2
    echo "  az functionapp restart --resource-group $group --name $app" >&2
  fi
fi
