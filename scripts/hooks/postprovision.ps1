# azd postprovision hook on Windows (azure.yaml; scripts/hooks/postprovision.sh elsewhere, which it mirrors). The app
# refuses to start while a Key Vault reference in its settings is unresolved, so before azd deploys the code this
# creates every Codat secret the configured clients name (main.bicepparam) that the vault does not hold yet, with a
# generated value printed once, then restarts the app so it resolves its references. It never overwrites a secret.
#
# It reads the deployment's outputs, which azd passes as environment variables; to run it by hand:
#   azd env get-values | ForEach-Object { $n, $v = $_ -split '=', 2; Set-Item "env:$n" ($v.Trim('"')) }
#   ./scripts/hooks/postprovision.ps1
# It needs the Azure CLI signed in (az login) as the deploying user, who holds Key Vault Secrets Officer on the vault.
# CODAT_HOOK_ATTEMPTS and CODAT_HOOK_RETRY_SECONDS tune the wait for access.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$vault = $env:AZURE_KEY_VAULT_NAME
if (-not $vault) { throw 'AZURE_KEY_VAULT_NAME is not set: run this after azd provision, with the outputs in the environment.' }
$authorizationNames = @("$env:CODAT_AUTHORIZATION_SECRET_NAMES" -split ' ' | Where-Object { $_ })
$signingNames = @("$env:CODAT_SIGNING_SECRET_NAMES" -split ' ' | Where-Object { $_ })
$attempts = if ($env:CODAT_HOOK_ATTEMPTS) { [int]$env:CODAT_HOOK_ATTEMPTS } else { 12 }
$retrySeconds = if ($env:CODAT_HOOK_RETRY_SECONDS) { [int]$env:CODAT_HOOK_RETRY_SECONDS } else { 15 }
$app = $env:AZURE_FUNCTION_APP_NAME
$group = $env:AZURE_RESOURCE_GROUP
$webhookUrl = if ($env:CODAT_WEBHOOK_URL) { $env:CODAT_WEBHOOK_URL } else { 'https://<app>.azurewebsites.net/api/alerts' }

if ($authorizationNames.Count + $signingNames.Count -eq 0) {
    Write-Host 'No Codat client is configured in main.bicepparam: no secret to create.'
    exit 0
}

function Stop-Hook([string]$reason) {
    Write-Error -ErrorAction Continue "error: $reason"
    Write-Host "The app cannot start until these Key Vault secrets exist in ${vault}: $(($authorizationNames + $signingNames) -join ' ')"
    Write-Host 'Fix the cause, then run this hook again with: azd hooks run postprovision'
    Write-Host 'or create the secrets by hand as infra/README.md shows (Put the Codat credentials into Key Vault).'
    exit 1
}

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
    Stop-Hook 'the Azure CLI (az) is required: https://learn.microsoft.com/cli/azure/install-azure-cli'
}
az account show --output none 2>$null
if ($LASTEXITCODE -ne 0) { Stop-Hook 'the Azure CLI is not signed in: run az login (as the user who ran azd up).' }

# The names that exist. The deployment has just given this user Key Vault Secrets Officer, and a new role assignment
# can take a few minutes to apply, so a refusal is retried before giving up. A failure stops the hook: guessing that a
# secret is missing could overwrite it.
$existing = $null
for ($attempt = 1; $attempt -le $attempts; $attempt++) {
    $listed = az keyvault secret list --vault-name $vault --query '[].name' --output tsv
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
        az keyvault secret set --vault-name $vault --name $name --file $file --encoding utf-8 --output none
        if ($LASTEXITCODE -ne 0) {
            Stop-Hook "could not create the secret $name (a deleted secret of that name must be recovered or purged first:
  az keyvault secret recover --vault-name $vault --name $name   or   az keyvault secret purge --vault-name $vault --name $name)."
        }
    }
    finally { Remove-Item -Force $file -ErrorAction SilentlyContinue }
}

$created = 0
foreach ($name in $authorizationNames) {
    if ($existing -contains $name) { Write-Host "Key Vault secret $name exists: left as it is."; continue }
    # A Bearer token: 32 random bytes, base64url.
    $value = 'Bearer ' + (Get-RandomBase64 32).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    New-Secret $name $value
    $created++
    Write-Host @"

Created Key Vault secret $name, an Authorization header value. It is shown only now:

    $value

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
    Write-Host @"

Created Key Vault secret $name, a signing secret with a random placeholder value, so that the app starts:

    $value

Codat's Portal issues each endpoint's signing secret itself; until you copy it into this secret, signed deliveries
fail verification. Copy the endpoint's whsec_ secret from the Portal, then (as infra/README.md shows):
    `$value = Read-Host 'Signing secret (whsec_...)' -MaskInput
    az keyvault secret set --vault-name $vault --name $name --value `$value --output none
    az functionapp restart --resource-group $group --name $app
"@
}

if ($created -eq 0) {
    Write-Host "Every Codat secret the configuration names exists in $vault."
    exit 0
}

# The platform resolves Key Vault references when the app starts: restart it, and sync its triggers (a restart is one
# of the ways Azure Functions documents to sync them; the explicit call covers Flex Consumption's scale controller).
if ($app -and $group) {
    Write-Host ''
    Write-Host "Restarting $app so it resolves the new secrets..."
    az functionapp restart --resource-group $group --name $app --output none
    $restarted = $LASTEXITCODE -eq 0
    if ($restarted) {
        $siteId = az functionapp show --resource-group $group --name $app --query id --output tsv
        az rest --method post --url "$siteId/syncfunctiontriggers?api-version=2024-04-01" --output none
        $restarted = $LASTEXITCODE -eq 0
    }
    if ($restarted) { Write-Host "Restarted $app and synced its triggers." }
    else {
        Write-Warning "the restart failed; the next deployment restarts the app, or run: az functionapp restart --resource-group $group --name $app"
    }
}
exit 0
