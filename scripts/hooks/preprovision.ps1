# azd preprovision hook on Windows: the mirror of scripts/hooks/preprovision.sh, which explains what it creates and
# why this is a hook rather than the Microsoft Graph Bicep extension. Idempotent; CODAT_SKIP_OPERATOR_APP=true skips it.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

if ($env:CODAT_SKIP_OPERATOR_APP -eq 'true') {
    Write-Host 'CODAT_SKIP_OPERATOR_APP is true: no operator app registration; the operator endpoints answer nobody in Azure.'
    exit 0
}
function Stop-Hook([string]$reason) {
    Write-Error -ErrorAction Continue "error: $reason"
    Write-Host 'Fix the cause and run azd provision again, or set CODAT_SKIP_OPERATOR_APP=true to deploy without operator access.'
    exit 1
}
$environment = $env:AZURE_ENV_NAME
$subscription = $env:AZURE_SUBSCRIPTION_ID
if (-not $environment -or -not $subscription) { Stop-Hook 'AZURE_ENV_NAME or AZURE_SUBSCRIPTION_ID is not set: run this through azd (azd provision).' }
$principal = $env:AZURE_PRINCIPAL_ID
$principalType = if ($env:AZURE_PRINCIPAL_TYPE) { $env:AZURE_PRINCIPAL_TYPE } else { 'User' }
$clientId = $env:OPERATORS_ENTRA_CLIENT_ID
$displayName = "codat-alerts-operators-$environment"
$manifest = Join-Path $PSScriptRoot 'operator-app.json'
$graph = 'https://graph.microsoft.com/v1.0'
$operatorRole = '2f6b8c1d-3e4a-4f5b-8c9d-0e1f2a3b4c02'

az account show --subscription $subscription --output none 2>$null
if ($LASTEXITCODE -ne 0) { Stop-Hook "the Azure CLI is not signed in to subscription ${subscription}: run az login." }

if (-not $clientId) {
    $clientId = az ad app list --display-name $displayName --query '[0].appId' --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Hook 'could not search the app registrations (az ad app list).' }
}
if (-not $clientId) {
    $clientId = az ad app create --display-name $displayName --sign-in-audience AzureADMyOrg --query appId --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Hook "could not create the app registration $displayName (your tenant may not let users register applications)." }
    Write-Host "Created the app registration $displayName ($clientId)."
}
$objectId = az ad app show --id $clientId --query id --output tsv
if ($LASTEXITCODE -ne 0) { Stop-Hook "could not read the app registration $clientId." }

az rest --method patch --url "$graph/applications/$objectId" --headers Content-Type=application/json --body "@$manifest" --output none
if ($LASTEXITCODE -ne 0) { Stop-Hook "could not update the app registration $clientId from $manifest." }
$uris = [System.IO.Path]::GetTempFileName()
try {
    [System.IO.File]::WriteAllText($uris, "{""identifierUris"":[""api://$clientId""]}")
    az rest --method patch --url "$graph/applications/$objectId" --headers Content-Type=application/json --body "@$uris" --output none
    if ($LASTEXITCODE -ne 0) { Stop-Hook "could not set the identifier URI api://$clientId." }
}
finally { Remove-Item -Force $uris -ErrorAction SilentlyContinue }

$servicePrincipal = az ad sp show --id $clientId --query id --output tsv 2>$null
if ($LASTEXITCODE -ne 0 -or -not $servicePrincipal) {
    $servicePrincipal = az ad sp create --id $clientId --query id --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Hook "could not create the service principal of $clientId." }
}

if ($principal -and $principalType -eq 'User') {
    $assigned = az rest --method get --url "$graph/servicePrincipals/$servicePrincipal/appRoleAssignedTo" `
        --query "length(value[?principalId=='$principal' && appRoleId=='$operatorRole'])" --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Hook "could not read the role assignments of $clientId." }
    if ($assigned -eq '0') {
        $assignment = [System.IO.Path]::GetTempFileName()
        try {
            [System.IO.File]::WriteAllText($assignment, "{""principalId"":""$principal"",""resourceId"":""$servicePrincipal"",""appRoleId"":""$operatorRole""}")
            az rest --method post --url "$graph/servicePrincipals/$servicePrincipal/appRoleAssignedTo" --headers Content-Type=application/json --body "@$assignment" --output none
            if ($LASTEXITCODE -ne 0) { Stop-Hook "could not assign you Alerts.Operator on $clientId." }
        }
        finally { Remove-Item -Force $assignment -ErrorAction SilentlyContinue }
        Write-Host "Assigned you ($principal) the app role Alerts.Operator."
    }
}

if (Get-Command azd -ErrorAction SilentlyContinue) { azd env set OPERATORS_ENTRA_CLIENT_ID $clientId }
else { Write-Host "azd is not installed: set `$env:OPERATORS_ENTRA_CLIENT_ID = '$clientId' before deploying main.bicepparam." }
Write-Host "Operators sign in to the app registration $displayName ($clientId); tokens: az account get-access-token --resource api://$clientId"
