#!/usr/bin/env bash
# azd postprovision hook (azure.yaml; scripts/hooks/postprovision.ps1 on Windows). The app refuses to start while a
# Key Vault reference in its settings is unresolved, so before azd deploys the code this creates every Codat secret the
# configured clients name (main.bicepparam) that the vault does not hold yet, then makes the app read its references
# again and waits until each one resolves (scripts/lib/key-vault-references.sh), and only then restarts it. It never
# overwrites a secret that exists, and never prints a secret anywhere but an interactive terminal.
#
# It reads the deployment's outputs, which azd passes as environment variables; to run it by hand:
#   set -a; eval "$(azd env get-values)"; set +a; scripts/hooks/postprovision.sh
# It needs the Azure CLI signed in (az login) as the identity azd deployed with (AZURE_PRINCIPAL_ID), which holds Key
# Vault Secrets Officer on the vault.
#
# Written for bash 3.2 (macOS) too: no arrays. Secret names hold only letters, digits and hyphens, so the
# space-separated lists split safely. CODAT_HOOK_ATTEMPTS and CODAT_HOOK_RETRY_SECONDS tune the wait for access
# (40 x 15 s: Key Vault documents up to 10 minutes for a new role assignment to apply).
set -euo pipefail

vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run this after azd provision, with the outputs in the environment}
authorization_names=${CODAT_AUTHORIZATION_SECRET_NAMES:-}
signing_names=${CODAT_SIGNING_SECRET_NAMES:-}
attempts=${CODAT_HOOK_ATTEMPTS:-40}
app=${AZURE_FUNCTION_APP_NAME:-}
group=${AZURE_RESOURCE_GROUP:-}
subscription=${AZURE_SUBSCRIPTION_ID:-}
principal=${AZURE_PRINCIPAL_ID:-}
webhook_url=${CODAT_WEBHOOK_URL:-https://<app>.azurewebsites.net/api/alerts}

# Nobody is told when a rule fires unless an address is set: say so on every run, where it cannot be missed.
if [ -z "${ALERT_EMAIL:-}" ]; then
  cat >&2 <<'TEXT'
########################################################################################################################
WARNING: no alert e-mail is set, so the alert rules (app silent, poison messages, 503s, daily cap...) notify nobody.
Set one and provision again:   azd env set ALERT_EMAIL you@example.com && azd provision
########################################################################################################################
TEXT
fi

# The operator console signs operators in itself, as a single-page application (docs/console-sign-in.md): Entra ID
# redeems an authorization code from a browser only for a redirect URI of the app registration's "spa" platform. This
# adds the app's https://<host>/api/console/ there (the host from the CODAT_WEBHOOK_URL output), keeping every URI
# already registered, since a Graph PATCH replaces the whole list; a rerun finds it and changes nothing. Best effort:
# a failure says what to do by hand and does not stop the Codat secrets below, without which the app cannot start.
register_console_redirect() {
  local client_id=${OPERATORS_ENTRA_CLIENT_ID:-} host redirect registered object_id body uri
  case "${CODAT_WEBHOOK_URL:-}" in
    https://*/api/alerts) ;;
    *) return 0 ;;
  esac
  [ -n "$client_id" ] || return 0
  host=${CODAT_WEBHOOK_URL#https://}
  host=${host%%/*}
  redirect="https://$host/api/console/"
  skipped() {
    echo "warning: $1: the console cannot sign anyone in until $redirect is a single-page application redirect URI of" \
      "the app registration $client_id (Azure portal: App registrations > the app > Authentication > Add a platform >" \
      "Single-page application), or run this hook again: azd hooks run postprovision" >&2
  }
  command -v az >/dev/null || { skipped "the Azure CLI (az) is not installed"; return 0; }
  registered=$(az ad app show --id "$client_id" --query "spa.redirectUris[]" --output tsv | tr -d '\r') ||
    { skipped "could not read the app registration $client_id"; return 0; }
  if printf '%s\n' "$registered" | grep -qxF "$redirect"; then
    echo "The console's sign-in redirect URI $redirect is registered."
    return 0
  fi
  object_id=$(az ad app show --id "$client_id" --query id --output tsv | tr -d '\r') ||
    { skipped "could not read the app registration $client_id"; return 0; }
  body=$(mktemp)
  {
    printf '{"spa":{"redirectUris":['
    # Redirect URIs hold no spaces, quotes or backslashes, so they split on white space and need no JSON escaping.
    for uri in $registered; do printf '"%s",' "$uri"; done
    printf '"%s"]}}' "$redirect"
  } >"$body"
  if az rest --method patch --url "https://graph.microsoft.com/v1.0/applications/$object_id" \
    --headers Content-Type=application/json --body "@$body" --output none; then
    echo "Registered $redirect as a single-page application redirect URI of $client_id (the console's sign-in)."
  else
    skipped "could not update the app registration $client_id"
  fi
  rm -f "$body"
}
register_console_redirect

if [ -z "${authorization_names// /}${signing_names// /}" ]; then
  echo "No Codat client is configured in main.bicepparam: no secret to create."
  exit 0
fi

stop() {
  echo "error: $1" >&2
  echo "The app cannot start until these Key Vault secrets exist in $vault:" \
    $authorization_names $signing_names >&2
  echo "Fix the cause, then run this hook again with: azd hooks run postprovision" >&2
  echo "or create the secrets by hand with scripts/refresh-secrets.sh <secret-name> (infra/README.md)," >&2
  echo "then deploy the code with: azd deploy" >&2
  exit 1
}

command -v az >/dev/null || stop "the Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli"
[ -n "$subscription" ] || stop "AZURE_SUBSCRIPTION_ID is not set: run this hook through azd, or export the values of azd env get-values."
az account show --subscription "$subscription" --output none 2>/dev/null ||
  stop "the Azure CLI is not signed in to subscription $subscription: run az login (as the identity that ran azd up)."

# The identity that acts here must be the one azd deployed with: the template gave that one (AZURE_PRINCIPAL_ID) its
# Key Vault role, and a different sign-in would fail late, or act with someone else's rights.
if [ -n "$principal" ]; then
  if [ "$(az account show --subscription "$subscription" --query user.type --output tsv)" = servicePrincipal ]; then
    signed_in=$(az ad sp show --id "$(az account show --subscription "$subscription" --query user.name --output tsv)" --query id --output tsv) || signed_in=''
  else
    signed_in=$(az ad signed-in-user show --query id --output tsv) || signed_in=''
  fi
  [ "$signed_in" = "$principal" ] ||
    stop "the Azure CLI is signed in as ${signed_in:-an unknown identity}, but azd deployed as $principal: run az login as that identity (or azd env set AZURE_PRINCIPAL_ID)."
fi

# The names that exist. The deployment has just given this user Key Vault Secrets Officer, and a new role assignment
# can take a few minutes to apply, so a refusal is retried before giving up. A failure stops the hook: guessing that a
# secret is missing could overwrite it.
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
listed=false
attempt=1
while :; do
  if existing=$(az keyvault secret list --subscription "$subscription" --vault-name "$vault" --query "[].name" --output tsv 2>"$errors"); then
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

# Key Vault secret names are case-insensitive: codat-Authorization exists if codat-authorization does.
exists() { printf '%s\n' "$existing" | grep -qixF "$1"; }

# Cryptographically random bytes, base64 on one line.
random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }

# Sets a secret from a file (mode 600, removed at once), so its value never appears on a command line.
create_secret() {
  local file
  file=$(mktemp)
  chmod 600 "$file"
  printf '%s' "$2" >"$file"
  if ! az keyvault secret set --subscription "$subscription" --vault-name "$vault" --name "$1" --file "$file" --encoding utf-8 --output none; then
    rm -f "$file"
    stop "could not create the secret $1 (a deleted secret of that name must be recovered or purged first:
  az keyvault secret recover --subscription $subscription --vault-name $vault --name $1   or   az keyvault secret purge --subscription $subscription --vault-name $vault --name $1)."
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
  # A terminal shows it once; a log (CI, a redirected azd) gets the command that reads it instead.
  if [ -t 1 ]; then
    printf '\nCreated Key Vault secret %s, an Authorization header value. It is shown only now:\n\n    %s\n' "$name" "$value"
  else
    printf '\nCreated Key Vault secret %s, an Authorization header value. Output is not a terminal, so it is not shown; read it with:\n    az keyvault secret show --subscription %s --vault-name %s --name %s --query value --output tsv\n' \
      "$name" "$subscription" "$vault" "$name"
  fi
  cat <<TEXT

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
  # Never printed: Codat issues the real one, and anyone who saw a placeholder could sign deliveries until then.
  cat <<TEXT

Created Key Vault secret $name with a random placeholder signing secret, so that the app starts; it is not shown.
Codat's Portal issues each endpoint's signing secret itself; until you copy it into this secret, signed deliveries
fail verification. Copy the endpoint's whsec_ secret from the Portal, then run (it asks for the value, hidden):
    scripts/refresh-secrets.sh $name
TEXT
done

if [ "$created" -eq 0 ]; then
  echo "Every Codat secret the configuration names exists in $vault."
  exit 0
fi

# A restart alone is not documented to fetch a cached reference again: refresh, wait until every reference resolves,
# then restart and sync triggers (scripts/lib/key-vault-references.sh).
if [ -n "$app" ] && [ -n "$group" ]; then
  echo
  # shellcheck source=../lib/key-vault-references.sh
  . "$(dirname "$0")/../lib/key-vault-references.sh"
  refresh_key_vault_references || exit 1
fi
