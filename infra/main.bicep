metadata name = 'codat-alerts'
metadata description = 'Everything the codat-alerts function app needs in one resource group: Flex Consumption app with a user-assigned identity, identity-only storage with the partition queues, Key Vault for the Codat credentials, Application Insights, role assignments, alert rules and a workbook.'

targetScope = 'resourceGroup'

import {
  allClientSettings
  authorizationSecretNames
  codatClient
  codatCredentials
  signingSecretNames
} from 'codat-clients.bicep'

// ---------------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------------

@description('Required. Name of the environment (azd passes AZURE_ENV_NAME). Seeds the unique resource names and tags every resource.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Optional. Location for all resources; a region that offers Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = resourceGroup().location

@description('Optional. Number of partition queues (codat-alerts-00, -01, ...). Must equal AlertPartitions.Count in the code: each queue has its own queue-triggered function, bound to a constant name.')
@minValue(1)
@maxValue(100)
param partitionCount int = 8

@description('Optional. Days an alert record (idempotency claim, raw archive, replay source) is kept after its last change. Must outlast Codat\'s retries (about 28 h) and the replay horizon (2 weeks).')
@minValue(15)
@maxValue(365)
param retentionDays int = 30

@description('Optional. Days a claim-check body (an alert too large for a queue message) is kept. Its queue message never expires, so this must outlast any wait in a partition or poison queue; such bodies are rare (over 48 KiB).')
@minValue(30)
@maxValue(3650)
param claimCheckRetentionDays int = 365

@description('Optional. Days each day\'s operator audit log (container operator-audit) cannot be changed or deleted, by anyone.')
@minValue(1)
@maxValue(3650)
param auditRetentionDays int = 365

@description('Optional. Memory of each function app instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Most instances the function app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. E-mail address that receives the alert notifications; none when empty.')
param alertEmail string = ''

@description('Optional. Source addresses (CIDR) allowed to call the app; all others are denied. Empty allows every source. Codat sends from 20.77.82.168/32, 51.142.76.22/32, 4.159.114.108/32 and 20.117.190.191/32; add your own to call ReplayPoison.')
param allowedSourceIps string[] = []

@description('Optional. The Codat clients whose alerts the app accepts, with the names (never the values) of the Key Vault secrets holding their credentials.')
param codatClients codatClient[] = []

@description('Optional. Credentials for alerts whose X-Codat-ClientId is absent or not listed; none when null.')
param defaultClient codatCredentials?

@description('Optional. Object ID of the deploying identity (azd passes AZURE_PRINCIPAL_ID). A user gets Key Vault Secrets Officer, so the hooks can create the Codat secrets and sign the self-test alert; a service principal (CI) gets nothing unless developerDataAccess is on.')
param principalId string = ''

@description('Optional. Also give principalId the app\'s data roles (storage blobs and queues with every alert body, telemetry ingestion, Key Vault secrets), to run the app locally against these resources. Off by default: production alert bodies are not every deployer\'s to read.')
param developerDataAccess bool = false

@description('Optional. Application (client) ID of the Entra ID app registration whose app roles (Alerts.Reader, Alerts.Operator) admit operators; the preprovision hook creates it and sets OPERATORS_ENTRA_CLIENT_ID. Empty: operator endpoints answer nobody in Azure.')
param operatorsClientId string = ''

@description('Optional. Let scripts call the operator endpoints with a function key instead of an Entra ID token. Off by default: a shared key identifies nobody.')
param allowFunctionKeys bool = false

@description('Optional. Where the operator console links an alert\'s trace id: an https URL containing {traceId} (the app refuses to start otherwise). Empty: the id is shown as text.')
param traceLinkTemplate string = ''

@description('Optional. Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Optional. Percentage of deliveries answered 503 in 5 minutes above which an alert fires.')
@minValue(1)
@maxValue(100)
param unavailablePercentThreshold int = 5

@description('Optional. Number of 401/403 answers in 5 minutes above which an alert fires.')
@minValue(1)
param authFailureThreshold int = 20

@description('Optional. Processing lag p95 (seconds from receipt to processed) above which an alert fires.')
@minValue(1)
param lagP95ThresholdSeconds int = 60

@description('Optional. Log Analytics daily cap in GB: the most telemetry collected per day, a ceiling on its cost (an alert fires when it is reached, and collection stops until the daily reset). About 1.5 GB a day carries 1 million alerts a month with room for floods; see infra/README.md.')
@minValue(1)
param logDailyCapGb int = 2

@description('Optional. Traces of refused intake requests (4xx) kept per minute; every accepted alert\'s trace is kept, and metrics count every request. Bounds what a flood of junk costs.')
@minValue(0)
param refusedTracesPerMinute int = 60

@description('Optional. Turn on Key Vault purge protection (irreversible); recommended for production.')
param enableKeyVaultPurgeProtection bool = false

// ---------------------------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------------------------

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var names = {
  identity: '${abbrs.managedIdentityUserAssignedIdentities}codat-${resourceToken}'
  alertRuleIdentity: '${abbrs.managedIdentityUserAssignedIdentities}codat-alerts-${resourceToken}'
  storageAccount: '${abbrs.storageStorageAccounts}codat${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}codat-${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}codat-${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}codat-${resourceToken}'
  plan: '${abbrs.webServerFarms}codat-${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}codat-${resourceToken}'
  actionGroup: '${abbrs.insightsActionGroups}codat-${resourceToken}'
  alertRulePrefix: '${abbrs.insightsScheduledQueryRules}codat-${resourceToken}-'
}

// Deployment names are seeded with stable inputs only, so a redeployment updates the same deployments.
func deploymentName(part string, token string) string => take('codat-${part}-${token}', 64)

// The names the code uses (AlertPartitions, the processing store); tests compare them with the compiled template.
var partitionQueueNames = map(range(0, partitionCount), i => format('codat-alerts-{0:D2}', i))
var alertBodiesContainerName = 'alert-bodies'
var alertRecordsContainerName = 'alert-records'
var deploymentContainerName = 'app-package'
// The operator side (CONTRACTS.md): an alert's journey, the operators' audit log, background operations.
var alertJourneysContainerName = 'alert-journeys'
var operatorAuditContainerName = 'operator-audit'
var operatorOperationsName = 'operator-operations'

// ---------------------------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------------------------

module identity 'modules/user-assigned-identity.bicep' = {
  name: deploymentName('identity', resourceToken)
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage-account.bicep' = {
  name: deploymentName('storage', resourceToken)
  params: {
    name: names.storageAccount
    location: location
    tags: tags
    containerNames: [
      alertBodiesContainerName
      alertRecordsContainerName
      deploymentContainerName
      alertJourneysContainerName
      operatorAuditContainerName
      operatorOperationsName
    ]
    queueNames: concat(partitionQueueNames, [operatorOperationsName])
    expiringContainers: [
      {
        name: alertRecordsContainerName
        retentionDays: retentionDays
      }
      {
        name: alertBodiesContainerName
        retentionDays: max(claimCheckRetentionDays, retentionDays)
      }
      // A journey lives as long as the record it describes.
      {
        name: alertJourneysContainerName
        retentionDays: retentionDays
      }
      {
        name: operatorOperationsName
        retentionDays: retentionDays
      }
    ]
    appendOnlyContainers: [
      {
        name: operatorAuditContainerName
        immutableDays: auditRetentionDays
      }
    ]
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: deploymentName('keyvault', resourceToken)
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: enableKeyVaultPurgeProtection
  }
}

module logAnalytics 'modules/log-analytics-workspace.bicep' = {
  name: deploymentName('logs', resourceToken)
  params: {
    name: names.logAnalytics
    location: location
    tags: tags
    dailyQuotaGb: logDailyCapGb
  }
}

module applicationInsights 'modules/application-insights.bicep' = {
  name: deploymentName('appinsights', resourceToken)
  params: {
    name: names.applicationInsights
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
  }
}

module appRoles 'modules/role-assignments.bicep' = {
  name: deploymentName('roles-app', resourceToken)
  params: {
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    storageAccountName: storage.outputs.name
    applicationInsightsName: applicationInsights.outputs.name
    keyVaultName: keyVault.outputs.name
    keyVaultRoleName: 'Key Vault Secrets User'
  }
}

// The same data roles for the person who deploys, only on request (developerDataAccess), so the app can run locally
// against the Azure resources; Secrets Officer rather than User because that person also sets the Codat credentials.
module developerRoles 'modules/role-assignments.bicep' = if (!empty(principalId) && developerDataAccess) {
  name: deploymentName('roles-developer', resourceToken)
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: storage.outputs.name
    applicationInsightsName: applicationInsights.outputs.name
    keyVaultName: keyVault.outputs.name
    keyVaultRoleName: 'Key Vault Secrets Officer'
  }
}

// Without the data roles, a deploying user still sets the Codat credentials and reads them for the self-test alert.
module deployerSecrets 'modules/key-vault-secrets-officer.bicep' = if (!empty(principalId) && principalType == 'User' && !developerDataAccess) {
  name: deploymentName('roles-deployer', resourceToken)
  params: {
    principalId: principalId
    principalType: principalType
    keyVaultName: keyVault.outputs.name
  }
}

// Operator access (CONTRACTS.md): the app validates Entra ID access tokens itself; App Service Authentication is not
// used because Flex Consumption does not support it (infra/README.md cites the page).
var operatorSettings = union(
  {
    Operators__AllowFunctionKeys: string(allowFunctionKeys)
    Telemetry__RefusedTracesPerMinute: string(refusedTracesPerMinute)
  },
  empty(operatorsClientId)
    ? {}
    : {
        Operators__EntraId__Instance: environment().authentication.loginEndpoint
        Operators__EntraId__TenantId: tenant().tenantId
        Operators__EntraId__ClientId: operatorsClientId
      },
  empty(traceLinkTemplate) ? {} : { Operators__TraceLinkTemplate: traceLinkTemplate }
)

module plan 'modules/flex-consumption-plan.bicep' = {
  name: deploymentName('plan', resourceToken)
  params: {
    name: names.plan
    location: location
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: deploymentName('app', resourceToken)
  params: {
    name: names.functionApp
    location: location
    // azd deploys the service 'api' of azure.yaml to the resource carrying this tag.
    tags: union(tags, { 'azd-service-name': 'api' })
    serverFarmResourceId: plan.outputs.resourceId
    userAssignedIdentityResourceId: identity.outputs.resourceId
    userAssignedIdentityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsights.outputs.name
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyHttpInstanceCount: 1
    allowedSourceIps: allowedSourceIps
    appSettings: union(allClientSettings(codatClients, defaultClient, keyVault.outputs.name), operatorSettings)
  }
  // The identity must hold its roles before the app starts: the host reads storage at start-up, and a Key Vault
  // reference that fails to resolve is only retried later.
  dependsOn: [
    appRoles
  ]
}

module diagnostics 'modules/diagnostic-settings.bicep' = {
  name: deploymentName('diagnostics', resourceToken)
  params: {
    workspaceResourceId: logAnalytics.outputs.resourceId
    keyVaultName: keyVault.outputs.name
    storageAccountName: storage.outputs.name
    functionAppName: functionApp.outputs.name
  }
}

// The alert rules query as their own identity, read-only, not as whoever deployed last. User-assigned rather than
// system-assigned: its roles exist before the rules do (a system-assigned identity is born with its rule, so the rule's
// first runs would fail until its roles propagate), one principal serves every rule, and it survives a rule being
// deleted and recreated. Not the app's identity: the rules need no storage or secrets, the app no log reads.
module alertRuleIdentity 'modules/user-assigned-identity.bicep' = {
  name: deploymentName('identity-alerts', resourceToken)
  params: {
    name: names.alertRuleIdentity
    location: location
    tags: tags
  }
}

module alertRuleRoles 'modules/log-reader-roles.bicep' = {
  name: deploymentName('roles-alerts', resourceToken)
  params: {
    principalId: alertRuleIdentity.outputs.principalId
    principalType: 'ServicePrincipal'
    applicationInsightsName: applicationInsights.outputs.name
    workspaceName: logAnalytics.outputs.name
  }
}

module monitoring 'modules/codat-alerts-monitoring.bicep' = {
  name: deploymentName('monitoring', resourceToken)
  params: {
    location: location
    tags: tags
    applicationInsightsResourceId: applicationInsights.outputs.resourceId
    workspaceResourceId: logAnalytics.outputs.resourceId
    alertRuleIdentityResourceId: alertRuleIdentity.outputs.resourceId
    actionGroupName: names.actionGroup
    alertRuleNamePrefix: names.alertRulePrefix
    alertEmail: alertEmail
    unavailablePercentThreshold: unavailablePercentThreshold
    authFailureThreshold: authFailureThreshold
    lagP95ThresholdSeconds: lagP95ThresholdSeconds
  }
  // The rules' first evaluation must already find the identity's read roles.
  dependsOn: [
    alertRuleRoles
  ]
}

// ---------------------------------------------------------------------------------------------------------------------
// Outputs (azd stores them in the environment's .env)
// ---------------------------------------------------------------------------------------------------------------------

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('The URL to enter in Codat\'s portal.')
output CODAT_WEBHOOK_URL string = 'https://${functionApp.outputs.defaultHostName}/api/alerts'

@description('Name of the Key Vault that holds the Codat credentials.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('The subscription deployed to; the hooks pass it to every az call explicitly.')
output AZURE_SUBSCRIPTION_ID string = subscription().subscriptionId

@description('The identity azd deployed as; the hooks stop when the Azure CLI is signed in as another.')
output AZURE_PRINCIPAL_ID string = principalId

@description('Name of the resource group, for the postprovision hook\'s restart.')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

// Names, never values. Space-separated (a secret name has no spaces), so scripts read them without a JSON parser.
@description('Names of the Key Vault secrets the configured Codat clients read Authorization header values from, space-separated. The postprovision hook creates those missing.')
output CODAT_AUTHORIZATION_SECRET_NAMES string = join(authorizationSecretNames(codatClients, defaultClient), ' ')

@description('Names of the Key Vault secrets the configured Codat clients read signing secrets from, space-separated. The postprovision hook creates those missing.')
output CODAT_SIGNING_SECRET_NAMES string = join(signingSecretNames(codatClients, defaultClient), ' ')

@description('Name of the storage account, for local debugging against Azure.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Application (client) ID of the operators\' Entra ID app registration; tokens for the operator endpoints have audience api://<this>. Empty until the preprovision hook created it.')
output OPERATORS_ENTRA_CLIENT_ID string = operatorsClientId

@description('The address the alert rules notify; empty means nobody is told (the postprovision hook says so).')
output ALERT_EMAIL string = alertEmail

@description('Name of the Application Insights component.')
output AZURE_APPLICATION_INSIGHTS_NAME string = applicationInsights.outputs.name
