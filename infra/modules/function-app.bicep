metadata name = 'Flex Consumption function app'
metadata description = 'A Linux function app on Flex Consumption that reaches storage, Key Vault and Application Insights with a user-assigned identity. HTTPS only, TLS 1.2, FTP and basic publishing credentials off, optional source-IP allow list.'

@description('Required. Name of the function app; also its host name (<name>.azurewebsites.net).')
param name string

@description('Optional. Location for the function app.')
param location string = resourceGroup().location

@description('Optional. Tags of the function app.')
param tags object = {}

@description('Required. Resource ID of the Flex Consumption plan.')
param serverFarmResourceId string

@description('Required. Resource ID of the user-assigned identity the app runs as.')
param userAssignedIdentityResourceId string

@description('Required. Client ID of the same identity, for the identity-based connection settings.')
param userAssignedIdentityClientId string

@description('Required. Blob endpoint of the storage account (https://<account>.blob.<suffix>/).')
param storageBlobEndpoint string

@description('Required. Queue endpoint of the storage account (https://<account>.queue.<suffix>/).')
param storageQueueEndpoint string

@description('Required. Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Required. Name of the Application Insights component the app reports to.')
param applicationInsightsName string

@description('Optional. Worker runtime.')
param runtimeName string = 'dotnet-isolated'

@description('Optional. Worker runtime version.')
param runtimeVersion string = '10.0'

@description('Optional. Memory of each instance, in MB; CPU and network scale with it.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Optional. Instances of the HTTP scale group kept warm, so a cold start never eats into the caller\'s response budget.')
@minValue(0)
param alwaysReadyHttpInstanceCount int = 1

@description('Optional. The app\'s own settings. The identity-based storage and Application Insights settings are added here and win on a clash.')
param appSettings object = {}

@description('Optional. Source addresses in CIDR form (20.77.82.168/32) allowed to call the app; every other source is denied. Empty allows all.')
param allowedSourceIps string[] = []

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Read by the host and by the app's own storage clients (StorageClientFactory), so both reach the same account.
var platformSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: userAssignedIdentityClientId
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  // Not a credential: the component refuses instrumentation-key ingestion (DisableLocalAuth), and the next setting
  // makes the exporter authenticate with the identity instead.
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${userAssignedIdentityClientId};Authorization=AAD'
}

var allowRules = [
  for (ip, i) in allowedSourceIps: {
    name: 'allow-${i}'
    ipAddress: ip
    action: 'Allow'
    priority: 100 + i
  }
]

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${userAssignedIdentityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: serverFarmResourceId
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    // Key Vault references resolve with the user-assigned identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: userAssignedIdentityResourceId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      // No ftpsState, linuxFxVersion, alwaysOn, use32BitWorkerProcess, netFrameworkVersion, functionAppScaleLimit or
      // functionsRuntimeScaleMonitoringEnabled: Flex Consumption refuses them (BadRequest "site configuration properties
      // ... for Flex Consumption sites is invalid"). FTP and basic publishing are off below, through
      // basicPublishingCredentialsPolicies; the runtime and scale live in functionAppConfig. See infra/README.md.
      http20Enabled: true
      ipSecurityRestrictions: allowRules
      ipSecurityRestrictionsDefaultAction: empty(allowedSourceIps) ? 'Allow' : 'Deny'
      // The deployment endpoint (scm) keeps its own open rule set: it takes Entra ID tokens only (basic publishing
      // credentials are off below), and azd deploy must reach it from wherever the operator runs it.
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictionsDefaultAction: 'Allow'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: userAssignedIdentityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        alwaysReady: [
          {
            name: 'http'
            instanceCount: alwaysReadyHttpInstanceCount
          }
        ]
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, platformSettings)
  }

  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

@description('The name of the function app.')
output name string = site.name

@description('The resource ID of the function app.')
output resourceId string = site.id

@description('The default host name of the function app (<name>.azurewebsites.net).')
output defaultHostName string = site.properties.defaultHostName
