# azd postprovision hook on Windows (azure.yaml; scripts/hooks/postprovision.sh elsewhere, which it mirrors). The app
# refuses to start while a Key Vault reference in its settings is unresolved, so before azd deploys the code this
# creates every Codat secret the configured clients name (main.bicepparam) that the vault does not hold yet, makes the
# app read its references again and waits until each resolves, then restarts it (scripts/lib/KeyVaultReferences.ps1).
# It never overwrites a secret, and never prints one anywhere but an interactive terminal.
#
# It reads the deployment's outputs, which azd passes as environment variables; to run it by hand:
#   azd env get-values | ForEach-Object { $n, $v = $_ -split '=', 2; Set-Item "env:$n" ($v.Trim('"')) }
#   ./scripts/hooks/postprovision.ps1
# It needs the Azure CLI signed in (az login) as the identity azd deployed with (AZURE_PRINCIPAL_ID), which holds Key
# Vault Secrets Officer on the vault. CODAT_HOOK_ATTEMPTS and CODAT_HOOK_RETRY_SECONDS tune the wait for access
# (40 x 15 s: Key Vault documents up to 10 minutes for a new role assignment to apply).
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$vault = $env:AZURE_KEY_VAULT_NAME
if (-not $vault) { throw 'AZURE_KEY_VAULT_NAME is not set: run this after azd provision, with the outputs in the environment.' }
$authorizationNames = @("$env:CODAT_AUTHORIZATION_SECRET_NAMES" -split ' ' | Where-Object { $_ })
$signingNames = @("$env:CODAT_SIGNING_SECRET_NAMES" -split ' ' | Where-Object { $_ })
$attempts = if ($env:CODAT_HOOK_ATTEMPTS) { [int]$env:CODAT_HOOK_ATTEMPTS } else { 40 }
$retrySeconds = if ($env:CODAT_HOOK_RETRY_SECONDS) { [int]$env:CODAT_HOOK_RETRY_SECONDS } else { 15 }
$app = $env:AZURE_FUNCTION_APP_NAME
$group = $env:AZURE_RESOURCE_GROUP
$subscription = $env:AZURE_SUBSCRIPTION_ID
$principal = $env:AZURE_PRINCIPAL_ID
$webhookUrl = if ($env:CODAT_WEBHOOK_URL) { $env:CODAT_WEBHOOK_URL } else { 'https://<app>.azurewebsites.net/api/alerts' }

# Nobody is told when a rule fires unless an address is set: say so on every run, where it cannot be missed.
if (-not $env:ALERT_EMAIL) {
    Write-Warning @'
########################################################################################################################
no alert e-mail is set, so the alert rules (app silent, poison messages, 503s, daily cap...) notify nobody.
Set one and provision again:   azd env set ALERT_EMAIL you@example.com; azd provision
########################################################################################################################
'@
}

# The operator console signs operators in itself, as a single-page application (docs/console-sign-in.md): Entra ID
# redeems an authorization code from a browser only for a redirect URI of the app registration's "spa" platform. This
# adds the app's https://<host>/api/console/ there (the host from the CODAT_WEBHOOK_URL output), keeping every URI
# already registered, since a Graph PATCH replaces the whole list; a rerun finds it and changes nothing. Best effort:
# a failure says what to do by hand and does not stop the Codat secrets below, without which the app cannot start.
function Register-ConsoleRedirect {
    $clientId = $env:OPERATORS_ENTRA_CLIENT_ID
    if (-not $clientId -or "$env:CODAT_WEBHOOK_URL" -notmatch '^https://([^/]+)/api/alerts$') { return }
    $redirect = "https://$($Matches[1])/api/console/"
    function Write-Skipped([string]$reason) {
        Write-Warning ("${reason}: the console cannot sign anyone in until $redirect is a single-page application redirect URI of " +
            "the app registration $clientId (Azure portal: App registrations > the app > Authentication > Add a platform > " +
            'Single-page application), or run this hook again: azd hooks run postprovision')
    }
    if (-not (Get-Command az -ErrorAction SilentlyContinue)) { Write-Skipped 'the Azure CLI (az) is not installed'; return }
    $registered = @(az ad app show --id $clientId --query 'spa.redirectUris[]' --output tsv | Where-Object { $_ })
    if ($LASTEXITCODE -ne 0) { Write-Skipped "could not read the app registration $clientId"; return }
    # Case-sensitive, as the sh hook's grep is.
    if ($registered -ccontains $redirect) { Write-Host "The console's sign-in redirect URI $redirect is registered."; return }
    $objectId = az ad app show --id $clientId --query id --output tsv
    if ($LASTEXITCODE -ne 0) { Write-Skipped "could not read the app registration $clientId"; return }
    $file = [System.IO.Path]::GetTempFileName()
    try {
        [System.IO.File]::WriteAllText($file, (@{ spa = @{ redirectUris = @($registered + $redirect) } } | ConvertTo-Json -Depth 3 -Compress))
        az rest --method patch --url "https://graph.microsoft.com/v1.0/applications/$objectId" --headers Content-Type=application/json --body "@$file" --output none
        if ($LASTEXITCODE -ne 0) { Write-Skipped "could not update the app registration $clientId" }
        else { Write-Host "Registered $redirect as a single-page application redirect URI of $clientId (the console's sign-in)." }
    }
    finally { Remove-Item -Force $file -ErrorAction SilentlyContinue }
}
Register-ConsoleRedirect

if ($authorizationNames.Count + $signingNames.Count -eq 0) {
    Write-Host 'No Codat client is configured in main.bicepparam: no secret to create.'
    exit 0
}

function Stop-Hook([string]$reason) {
    Write-Error -ErrorAction Continue "error: $reason"
    Write-Host "The app cannot start until these Key Vault secrets exist in ${vault}: $(($authorizationNames + $signingNames) -join ' ')"
    Write-Host 'Fix the cause, then run this hook again with: azd hooks run postprovision'
    Write-Host 'or create the secrets by hand with ./scripts/refresh-secrets.ps1 <secret-name> (infra/README.md),'
    Write-Host 'then deploy the code with: azd deploy'
    exit 1
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Stop-Hook 'the Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli'
}
if (-not $subscription) { Stop-Hook 'AZURE_SUBSCRIPTION_ID is not set: run this hook through azd, or load the values of azd env get-values.' }
az account show --subscription $subscription --output none 2>$null
if ($LASTEXITCODE -ne 0) { Stop-Hook "the Azure CLI is not signed in to subscription ${subscription}: run az login (as the identity that ran azd up)." }

# The identity that acts here must be the one azd deployed with (see postprovision.sh).
if ($principal) {
    if ((az account show --subscription $subscription --query user.type --output tsv) -eq 'servicePrincipal') {
        $signedIn = az ad sp show --id (az account show --subscription $subscription --query user.name --output tsv) --query id --output tsv
    }
    else { $signedIn = az ad signed-in-user show --query id --output tsv }
    if ($signedIn -ne $principal) {
        Stop-Hook "the Azure CLI is signed in as $(if ($signedIn) { $signedIn } else { 'an unknown identity' }), but azd deployed as ${principal}: run az login as that identity (or azd env set AZURE_PRINCIPAL_ID)."
    }
}

# The names that exist. The deployment has just given this user Key Vault Secrets Officer, and a new role assignment
# can take a few minutes to apply, so a refusal is retried before giving up. A failure stops the hook: guessing that a
# secret is missing could overwrite it.
$existing = $null
for ($attempt = 1; $attempt -le $attempts; $attempt++) {
    $listed = az keyvault secret list --subscription $subscription --vault-name $vault --query '[].name' --output tsv
    if ($LASTEXITCODE -eq 0) { $existing = @($listed | Where-Object { $_ }); break }
    if ($attempt -lt $attempts) {
        Write-Host "Waiting for access to Key Vault $vault (attempt $attempt of $attempts)..."
        Start-Sleep -Seconds $retrySeconds
    }
}
if ($null -eq $existing) { Stop-Hook "could not list the secrets of $vault (az keyvault secret list failed)." }

# Cryptographically random bytes, base64.
function Get-RandomBase64([int]$count) {
    $bytes = [byte[]]::new($count)
    $generator = [System.Security.Cryptography.RandomNumberGenerator]::Create()
    try { $generator.GetBytes($bytes) } finally { $generator.Dispose() }
    [Convert]::ToBase64String($bytes)
}

# Sets a secret from a file (removed at once), so its value never appears on a command line.
function New-Secret([string]$name, [string]$value) {
    $file = [System.IO.Path]::GetTempFileName()
    try {
        [System.IO.File]::WriteAllText($file, $value)
        az keyvault secret set --subscription $subscription --vault-name $vault --name $name --file $file --encoding utf-8 --output none
        if ($LASTEXITCODE -ne 0) {
            Stop-Hook "could not create the secret $name (a deleted secret of that name must be recovered or purged first:
  az keyvault secret recover --subscription $subscription --vault-name $vault --name $name   or   az keyvault secret purge --subscription $subscription --vault-name $vault --name $name)."
        }
    }
    finally { Remove-Item -Force $file -ErrorAction SilentlyContinue }
}

$created = 0
foreach ($name in $authorizationNames) {
    # -contains compares case-insensitively, as Key Vault names are.
    if ($existing -contains $name) { Write-Host "Key Vault secret $name exists: left as it is."; continue }
    # A Bearer token: 32 random bytes, base64url.
    $value = 'Bearer ' + (Get-RandomBase64 32).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    New-Secret $name $value
    $created++
    # A terminal shows it once; a log (CI, a redirected azd) gets the command that reads it instead.
    if ([Console]::IsOutputRedirected) {
        Write-Host "`nCreated Key Vault secret $name, an Authorization header value. Output is not a terminal, so it is not shown; read it with:"
        Write-Host "    az keyvault secret show --subscription $subscription --vault-name $vault --name $name --query value --output tsv"
    }
    else { Write-Host "`nCreated Key Vault secret $name, an Authorization header value. It is shown only now:`n`n    $value" }
    Write-Host @"

In Codat's Portal, send exactly this value as the Authorization header to ${webhookUrl}:
  - legacy alerts: Settings > Webhooks > Security > Authorization header;
  - signed webhooks: a custom header named Authorization on the endpoint's consumer.
"@
}

foreach ($name in $signingNames) {
    if ($existing -contains $name) { Write-Host "Key Vault secret $name exists: left as it is."; continue }
    # Standard Webhooks: whsec_ and the base64 of a 24 to 64-byte key; 32 bytes here.
    $value = 'whsec_' + (Get-RandomBase64 32)
    New-Secret $name $value
    $created++
    # Never printed: Codat issues the real one, and anyone who saw a placeholder could sign deliveries until then.
    Write-Host @"

Created Key Vault secret $name with a random placeholder signing secret, so that the app starts; it is not shown.
Codat's Portal issues each endpoint's signing secret itself; until you copy it into this secret, signed deliveries
fail verification. Copy the endpoint's whsec_ secret from the Portal, then run (it asks for the value, hidden):
    ./scripts/refresh-secrets.ps1 $name
"@
}

if ($created -eq 0) {
    Write-Host "Every Codat secret the configuration names exists in $vault."
    exit 0
}

# A restart alone is not documented to fetch a cached reference again: refresh, wait until every reference resolves,
# then restart and sync triggers.
if ($app -and $group) {
    Write-Host ''
    . (Join-Path $PSScriptRoot '../lib/KeyVaultReferences.ps1')
    if (-not (Update-KeyVaultReferences)) { exit 1 }
}
exit 0
