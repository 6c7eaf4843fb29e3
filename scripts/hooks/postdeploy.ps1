# azd postdeploy hook on Windows (mirror of postdeploy.sh): proves the deployment with one signed test alert,
# followed until it is processed (scripts/self-test.ps1). Set CODAT_SKIP_SELF_TEST=true to skip it.
$ErrorActionPreference = 'Stop'
if ($env:CODAT_SKIP_SELF_TEST -eq 'true') {
    Write-Host 'CODAT_SKIP_SELF_TEST is true: no self-test. Run it later with: ./scripts/self-test.ps1'
    exit 0
}
& (Join-Path $PSScriptRoot '../self-test.ps1')
exit $LASTEXITCODE
