using 'main.bicep'

// azd sets these from the environment (azd env new / azd env set); the defaults let the file build offline.
param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'codat-alerts')
param location = readEnvironmentVariable('AZURE_LOCATION', 'uksouth')
param principalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param principalType = readEnvironmentVariable('AZURE_PRINCIPAL_TYPE', 'User')
param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')
// Written by scripts/hooks/preprovision (azd env set) after it created or found the operators' app registration.
param operatorsClientId = readEnvironmentVariable('OPERATORS_ENTRA_CLIENT_ID', '')
// Off unless you opt in: azd env set CODAT_DEVELOPER_DATA_ACCESS true / CODAT_ALLOW_FUNCTION_KEYS true
param developerDataAccess = bool(readEnvironmentVariable('CODAT_DEVELOPER_DATA_ACCESS', 'false'))
param allowFunctionKeys = bool(readEnvironmentVariable('CODAT_ALLOW_FUNCTION_KEYS', 'false'))
param logDailyCapGb = int(readEnvironmentVariable('CODAT_LOG_DAILY_CAP_GB', '2'))
// The console's link for a trace id, e.g. azd env set CODAT_TRACE_LINK_TEMPLATE 'https://…{traceId}…' (empty: plain text).
param traceLinkTemplate = readEnvironmentVariable('CODAT_TRACE_LINK_TEMPLATE', '')

// Must equal AlertPartitions.Count in src/CodatAlerts (a test checks it).
param partitionCount = 8
param retentionDays = 30
param claimCheckRetentionDays = 365
param instanceMemoryMB = 2048
param maximumInstanceCount = 100

// Empty: every source may call. To accept Codat only, list its published addresses (and yours, to call ReplayPoison):
// ['20.77.82.168/32', '51.142.76.22/32', '4.159.114.108/32', '20.117.190.191/32']
param allowedSourceIps = []

// Secret names in Key Vault, never values. Set the values with az keyvault secret set (see infra/README.md).
// An example client, pinned to partition 3, accepting either header value during a rotation:
// {
//   clientId: '00000000-0000-0000-0000-000000000000'
//   partition: 3
//   require: 'Authorization'
//   authorizationSecretNames: ['codat-acme-authorization', 'codat-acme-authorization-next']
// }
param codatClients = []

// Used when X-Codat-ClientId is absent or not listed (Codat's legacy sender may omit it).
param defaultClient = {
  authorizationSecretNames: [
    'codat-authorization'
  ]
  signingSecretNames: [
    'codat-signing-secret'
  ]
}
