# Windows mirror of scripts/refresh-secrets.sh: puts a rotated or pasted Codat secret into Key Vault (asked for, hidden;
# never on a command line) and makes the deployed app use it: refresh its Key Vault references, wait until each
# resolves, restart. Without a name it only refreshes.
#   ./scripts/refresh-secrets.ps1 codat-signing-secret
param([string]$Name)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if (-not $env:AZURE_FUNCTION_APP_NAME -and (Get-Command azd -ErrorAction SilentlyContinue)) {
    azd env get-values | ForEach-Object { $n, $v = $_ -split '=', 2; Set-Item "env:$n" ($v.Trim('"')) }
}
foreach ($required in 'AZURE_KEY_VAULT_NAME', 'AZURE_FUNCTION_APP_NAME', 'AZURE_RESOURCE_GROUP', 'AZURE_SUBSCRIPTION_ID') {
    if (-not (Get-Item "env:$required" -ErrorAction SilentlyContinue)) { throw "$required is not set: run this from the azd project, after azd provision." }
}
$vault = $env:AZURE_KEY_VAULT_NAME
$app = $env:AZURE_FUNCTION_APP_NAME
$group = $env:AZURE_RESOURCE_GROUP
$subscription = $env:AZURE_SUBSCRIPTION_ID

if ($Name) {
    $value = if ([Console]::IsInputRedirected) { [Console]::In.ReadToEnd().TrimEnd("`r", "`n") } else { Read-Host "New value of $Name (not shown)" -MaskInput }
    if (-not $value) { throw "empty value; $Name left as it is." }
    $file = [System.IO.Path]::GetTempFileName()
    try {
        [System.IO.File]::WriteAllText($file, $value)
        Remove-Variable value
        az keyvault secret set --subscription $subscription --vault-name $vault --name $Name --file $file --encoding utf-8 --output none
        if ($LASTEXITCODE -ne 0) { throw "could not set $Name." }
    }
    finally { Remove-Item -Force $file -ErrorAction SilentlyContinue }
    Write-Host "Set a new version of Key Vault secret $Name."
}

. (Join-Path $PSScriptRoot 'lib/KeyVaultReferences.ps1')
if (-not (Update-KeyVaultReferences)) { exit 1 }
