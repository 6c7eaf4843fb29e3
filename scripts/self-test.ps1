# Windows mirror of scripts/self-test.sh (which explains the test alert, the reserved rule type CodatAlerts.SelfTest
# and why it is parked): sends one signed test alert to the deployed POST /api/alerts, follows it through
# GET /api/records/_/{key} with an Entra ID token until completed, and prints: accepted in N ms, processed in N s.
# Secrets stay in this process: they travel in request headers, never on a command line, and are never printed.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $env:CODAT_WEBHOOK_URL -and (Get-Command azd -ErrorAction SilentlyContinue)) {
    azd env get-values | ForEach-Object { $n, $v = $_ -split '=', 2; Set-Item "env:$n" ($v.Trim('"')) }
}
function Stop-SelfTest([string]$reason, [string]$answer) {
    Write-Error -ErrorAction Continue "self-test FAILED: $reason"
    if ($answer) { Write-Host "The inspector answered:`n$answer" }
    Write-Host 'Run it again with: ./scripts/self-test.ps1'
    exit 1
}
$url = $env:CODAT_WEBHOOK_URL
$vault = $env:AZURE_KEY_VAULT_NAME
$subscription = $env:AZURE_SUBSCRIPTION_ID
$clientId = $env:OPERATORS_ENTRA_CLIENT_ID
if (-not $url -or -not $vault -or -not $subscription) { Stop-SelfTest 'CODAT_WEBHOOK_URL, AZURE_KEY_VAULT_NAME or AZURE_SUBSCRIPTION_ID is not set: run this from the azd project, after azd up.' }
if (-not $clientId) { Stop-SelfTest 'OPERATORS_ENTRA_CLIENT_ID is not set: the preprovision hook creates the operators'' app registration (azd provision).' }
$timeout = if ($env:CODAT_SELFTEST_TIMEOUT_SECONDS) { [double]$env:CODAT_SELFTEST_TIMEOUT_SECONDS } else { 180 }
$poll = if ($env:CODAT_SELFTEST_POLL_SECONDS) { [double]$env:CODAT_SELFTEST_POLL_SECONDS } else { 3 }
$authorizationName = @("$env:CODAT_AUTHORIZATION_SECRET_NAMES" -split ' ' | Where-Object { $_ }) | Select-Object -First 1
$signingName = @("$env:CODAT_SIGNING_SECRET_NAMES" -split ' ' | Where-Object { $_ }) | Select-Object -First 1
if (-not $authorizationName -and -not $signingName) { Stop-SelfTest 'the default client names no secret (main.bicepparam defaultClient): nothing to sign the test alert with.' }

function Get-Secret([string]$name) {
    $value = az keyvault secret show --subscription $subscription --vault-name $vault --name $name --query value --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-SelfTest "could not read Key Vault secret $name." }
    $value
}

$now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
$messageId = "msg_codat_alerts_self_test_${now}_$PID"
$body = '{"CompanyId":"00000000-0000-0000-0000-000000000000","RuleId":"00000000-0000-0000-0000-000000000000","RuleType":"CodatAlerts.SelfTest","AlertId":"' + [guid]::NewGuid() + '","Message":"codat-alerts deployment self-test: not a Codat alert, parked by design.","Data":{}}'
$headers = @{ 'webhook-id' = $messageId; 'webhook-timestamp' = "$now" }
if ($authorizationName) { $headers['Authorization'] = Get-Secret $authorizationName }
if ($signingName) {
    $key = [Convert]::FromBase64String((Get-Secret $signingName) -replace '^whsec_', '')
    $hmac = [System.Security.Cryptography.HMACSHA256]::new($key)
    try { $headers['webhook-signature'] = 'v1,' + [Convert]::ToBase64String($hmac.ComputeHash([Text.Encoding]::UTF8.GetBytes("$messageId.$now.$body"))) }
    finally { $hmac.Dispose() }
}

$started = [Diagnostics.Stopwatch]::StartNew()
$response = Invoke-WebRequest -Uri $url -Method Post -Body $body -ContentType 'application/json' -Headers $headers -SkipHttpErrorCheck -TimeoutSec 30
$acceptedMs = $started.ElapsedMilliseconds
if ($response.StatusCode -lt 200 -or $response.StatusCode -ge 300) { Stop-SelfTest "the intake answered $($response.StatusCode) to the test alert." $response.Content }

$token = az account get-access-token --subscription $subscription --resource "api://$clientId" --query accessToken --output tsv
if ($LASTEXITCODE -ne 0) { Stop-SelfTest "could not get a token for api://$clientId (are you assigned Alerts.Reader or Alerts.Operator on the app registration?)." }
$recordUrl = ($url -replace '/alerts$', '') + "/records/_/$messageId"
$last = ''
while ($true) {
    $record = Invoke-WebRequest -Uri $recordUrl -Headers @{ Authorization = "Bearer $token" } -SkipHttpErrorCheck -TimeoutSec 30
    $last = "$($record.StatusCode) $($record.Content)"
    if ($record.StatusCode -eq 200 -and $record.Content -match '"state"\s*:\s*"completed"') { break }
    if ($record.StatusCode -in 401, 403) { Stop-SelfTest "the inspector refused the token ($($record.StatusCode)): assign yourself Alerts.Reader on the app registration." $last }
    if ($started.Elapsed.TotalSeconds -ge $timeout) { Stop-SelfTest "the test alert $messageId was accepted but not completed within $timeout s (stuck or lost)." $last }
    Start-Sleep -Seconds $poll
}
if ($record.Content -notmatch '"outcome"\s*:\s*"parked"') { Stop-SelfTest 'the test alert completed but was not parked: a handler took CodatAlerts.SelfTest as a real alert.' $last }
Write-Host ("Self-test passed: test alert $messageId accepted in $acceptedMs ms, processed in {0:0.0} s (parked, as a self-test must be)." -f $started.Elapsed.TotalSeconds)
