#!/usr/bin/env bash
# Proves a deployment end to end: sends one signed test alert to the deployed POST /api/alerts, then follows it
# through the inspector (GET /api/records/_/{key}, with an Entra ID token of the operators' app registration) until
# its record is completed, and prints one line: accepted in N ms, processed in N s. Fails loudly, with the inspector's
# last answer, when the alert is refused, lost or stuck. The azd postdeploy hook runs it; run it again at any time:
#   scripts/self-test.sh
#
# The test alert is no Codat alert: its RuleType is CodatAlerts.SelfTest, which no handler knows, so the app parks it
# (completed, outcome parked) and nothing downstream ever acts on it. It uses the default client (no X-Codat-ClientId)
# and that client's first Authorization value and first signing secret, read from Key Vault into this shell only:
# they reach curl through a header file (mode 600), never a command line, and are never printed.
#
# Reads the azd environment (CODAT_WEBHOOK_URL, AZURE_KEY_VAULT_NAME, CODAT_AUTHORIZATION_SECRET_NAMES,
# CODAT_SIGNING_SECRET_NAMES, OPERATORS_ENTRA_CLIENT_ID, AZURE_SUBSCRIPTION_ID), from azd env get-values when unset.
# CODAT_SELFTEST_TIMEOUT_SECONDS (default 180) bounds the wait; CODAT_SELFTEST_POLL_SECONDS (default 3) paces it.
set -euo pipefail

if [ -z "${CODAT_WEBHOOK_URL:-}" ] && command -v azd >/dev/null; then
  set -a
  eval "$(azd env get-values)"
  set +a
fi
url=${CODAT_WEBHOOK_URL:?CODAT_WEBHOOK_URL is not set: run this from the azd project, after azd up}
vault=${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set}
subscription=${AZURE_SUBSCRIPTION_ID:?AZURE_SUBSCRIPTION_ID is not set}
client_id=${OPERATORS_ENTRA_CLIENT_ID:-}
timeout=${CODAT_SELFTEST_TIMEOUT_SECONDS:-180}
poll=${CODAT_SELFTEST_POLL_SECONDS:-3}
authorization_name=$(printf '%s\n' ${CODAT_AUTHORIZATION_SECRET_NAMES:-} | head -n 1)
signing_name=$(printf '%s\n' ${CODAT_SIGNING_SECRET_NAMES:-} | head -n 1)

fail() {
  echo "self-test FAILED: $1" >&2
  [ -z "${2:-}" ] || printf 'The inspector answered:\n%s\n' "$2" >&2
  echo "Run it again with: scripts/self-test.sh" >&2
  exit 1
}

[ -n "$authorization_name$signing_name" ] || fail "the default client names no secret (main.bicepparam defaultClient): nothing to sign the test alert with."
[ -n "$client_id" ] || fail "OPERATORS_ENTRA_CLIENT_ID is not set: the preprovision hook creates the operators' app registration (azd provision)."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

secret() { az keyvault secret show --subscription "$subscription" --vault-name "$vault" --name "$1" --query value --output tsv; }

now=$(date +%s)
message_id="msg_codat_alerts_self_test_${now}_$$"
alert_id=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || printf '00000000-0000-4000-8000-%012d' "$now")
body=$(printf '{"CompanyId":"00000000-0000-0000-0000-000000000000","RuleId":"00000000-0000-0000-0000-000000000000","RuleType":"CodatAlerts.SelfTest","AlertId":"%s","Message":"codat-alerts deployment self-test: not a Codat alert, parked by design.","Data":{}}' "$alert_id")
printf '%s' "$body" >"$work/body.json"

# Header file: Content-Type, the Standard Webhooks headers, and the credentials the default client may require.
{
  echo "Content-Type: application/json"
  echo "webhook-id: $message_id"
  echo "webhook-timestamp: $now"
  if [ -n "$authorization_name" ]; then
    authorization=$(secret "$authorization_name") || fail "could not read Key Vault secret $authorization_name."
    echo "Authorization: $authorization"
    unset authorization
  fi
  if [ -n "$signing_name" ]; then
    signing=$(secret "$signing_name") || fail "could not read Key Vault secret $signing_name."
    key_hex=$(printf '%s' "${signing#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
    signature=$(printf '%s.%s.%s' "$message_id" "$now" "$body" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64 | tr -d '\n')
    echo "webhook-signature: v1,$signature"
    unset signing key_hex
  fi
} >"$work/intake-headers"

started=$(date +%s%N)
answer=$(curl --silent --show-error --max-time 30 --header "@$work/intake-headers" --data-binary "@$work/body.json" \
  --output "$work/intake-answer" --write-out '%{http_code} %{time_total}' "$url") || fail "the intake at $url could not be reached."
status=${answer%% *}
accepted_ms=$(awk -v seconds="${answer#* }" 'BEGIN { printf "%d", seconds * 1000 }')
case "$status" in
  2??) ;;
  *) fail "the intake answered $status to the test alert." "$(cat "$work/intake-answer")" ;;
esac

token=$(az account get-access-token --subscription "$subscription" --resource "api://$client_id" --query accessToken --output tsv) ||
  fail "could not get a token for api://$client_id (are you assigned Alerts.Reader or Alerts.Operator on the app registration?)."
echo "Authorization: Bearer $token" >"$work/inspector-headers"
unset token

record_url="${url%/alerts}/records/_/$message_id"
deadline=$(($(date +%s) + timeout))
last=''
while :; do
  code=$(curl --silent --max-time 30 --header "@$work/inspector-headers" --output "$work/record" --write-out '%{http_code}' "$record_url") || code=000
  last="$code $(cat "$work/record" 2>/dev/null)"
  if [ "$code" = 200 ] && grep -qiE '"state" *: *"completed"' "$work/record"; then
    break
  fi
  case "$code" in
    401 | 403) fail "the inspector refused the token ($code): assign yourself Alerts.Reader on the app registration." "$last" ;;
  esac
  [ "$(date +%s)" -lt "$deadline" ] || fail "the test alert $message_id was accepted but not completed within ${timeout} s (stuck or lost)." "$last"
  sleep "$poll"
done
processed_s=$(awk -v started="$started" -v ended="$(date +%s%N)" 'BEGIN { printf "%.1f", (ended - started) / 1e9 }')

grep -qiE '"outcome" *: *"parked"' "$work/record" ||
  fail "the test alert completed but was not parked: a handler took CodatAlerts.SelfTest as a real alert." "$last"
echo "Self-test passed: test alert $message_id accepted in $accepted_ms ms, processed in $processed_s s (parked, as a self-test must be)."
