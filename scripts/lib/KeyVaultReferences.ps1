# Makes the function app read its Key Vault references again, waits until every one reads Resolved, then restarts it
# and syncs its triggers. Dot-sourced by scripts/hooks/postprovision.ps1 and scripts/refresh-secrets.ps1; the mirror
# of scripts/lib/key-vault-references.sh (which says why a restart alone is not enough).
# Needs $subscription, $group, $app. CODAT_RESOLVE_ATTEMPTS (20) and CODAT_RESOLVE_RETRY_SECONDS (15) tune the wait.

$keyVaultReferencesApi = 'api-version=2024-04-01'

function Write-ReferencesNextSteps {
    Write-Host @"
Next: fix the cause (a missing secret, or the app identity's Key Vault Secrets User role), then run
    ./scripts/refresh-secrets.ps1
and, if the code was never deployed, azd deploy. Each reference's status:
    az rest --method get --url "`$(az functionapp show --subscription $subscription --resource-group $group --name $app --query id --output tsv)/config/configreferences/appsettings?$keyVaultReferencesApi"
"@
}

# Returns $true when every reference resolved and the app restarted; otherwise prints what to run next.
function Update-KeyVaultReferences {
    $attempts = if ($env:CODAT_RESOLVE_ATTEMPTS) { [int]$env:CODAT_RESOLVE_ATTEMPTS } else { 20 }
    $retrySeconds = if ($env:CODAT_RESOLVE_RETRY_SECONDS) { [int]$env:CODAT_RESOLVE_RETRY_SECONDS } else { 15 }
    $id = az functionapp show --subscription $subscription --resource-group $group --name $app --query id --output tsv
    if ($LASTEXITCODE -ne 0 -or -not $id) { Write-Error -ErrorAction Continue "error: could not find the function app $app in $group."; Write-ReferencesNextSteps; return $false }
    Write-Host "Asking $app to read its Key Vault references again..."
    az rest --method post --url "$id/config/configreferences/appsettings/refresh?$keyVaultReferencesApi" --output none
    if ($LASTEXITCODE -ne 0) { Write-Error -ErrorAction Continue "error: the Key Vault reference refresh of $app failed."; Write-ReferencesNextSteps; return $false }
    for ($attempt = 1; ; $attempt++) {
        $pending = az rest --method get --url "$id/config/configreferences/appsettings?$keyVaultReferencesApi" `
            --query "value[?properties.status!='Resolved'].[name, properties.status, properties.details]" --output tsv
        if ($LASTEXITCODE -eq 0 -and -not $pending) { break }
        if ($attempt -ge $attempts) {
            Write-Error -ErrorAction Continue "error: these Key Vault references of $app did not resolve (setting, status, details):`n$(if ($pending) { $pending -join "`n" } else { '(the status could not be read)' })"
            Write-ReferencesNextSteps
            return $false
        }
        Write-Host "Waiting for $app to resolve its Key Vault references (attempt $attempt of $attempts)..."
        Start-Sleep -Seconds $retrySeconds
    }
    Write-Host "Every Key Vault reference of $app is resolved."
    az functionapp restart --subscription $subscription --resource-group $group --name $app --output none
    if ($LASTEXITCODE -eq 0) { az rest --method post --url "$id/syncfunctiontriggers?$keyVaultReferencesApi" --output none }
    if ($LASTEXITCODE -ne 0) { Write-Error -ErrorAction Continue "error: the restart or the trigger sync of $app failed."; Write-ReferencesNextSteps; return $false }
    Write-Host "Restarted $app and synced its triggers."
    return $true
}
