metadata name = 'Role assignments'
metadata description = 'The data-plane roles one principal needs to run the app: storage blobs and queues, telemetry ingestion and Key Vault secrets, each scoped to its resource.'

@description('Required. Object ID of the principal receiving the roles.')
param principalId string

@description('Optional. Type of the principal; ServicePrincipal for managed identities.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'ServicePrincipal'

@description('Required. Name of the storage account holding the queues and containers.')
param storageAccountName string

@description('Required. Name of the Application Insights component receiving telemetry.')
param applicationInsightsName string

@description('Required. Name of the Key Vault holding the Codat credentials.')
param keyVaultName string

@description('Optional. The Key Vault role: Key Vault Secrets User reads secrets (the app); Key Vault Secrets Officer also writes them (an operator setting the Codat credentials).')
@allowed([
  'Key Vault Secrets User'
  'Key Vault Secrets Officer'
])
param keyVaultRoleName string = 'Key Vault Secrets User'

// Built-in role definition IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var roleDefinitionIds = {
  'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  'Storage Queue Data Contributor': '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb'
  'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6'
  'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

// Owner, not Contributor: the host manages blob leases and the deployment package; the app claims records with
// conditional writes and updates their metadata.
resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleDefinitionIds['Storage Blob Data Owner'])
  scope: storageAccount
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleDefinitionIds['Storage Blob Data Owner']
    )
  }
}

// Queue triggers read and delete messages and create the -poison queues; the intake enqueues.
resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, principalId, roleDefinitionIds['Storage Queue Data Contributor'])
  scope: storageAccount
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleDefinitionIds['Storage Queue Data Contributor']
    )
  }
}

// Entra ID ingestion: the component refuses instrumentation-key telemetry.
resource monitoringMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, roleDefinitionIds['Monitoring Metrics Publisher'])
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleDefinitionIds['Monitoring Metrics Publisher']
    )
  }
}

resource keyVaultSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, principalId, roleDefinitionIds[keyVaultRoleName])
  scope: keyVault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleDefinitionIds[keyVaultRoleName]
    )
  }
}

// Four resources, so the AVM name/resourceId pair becomes a list of each.
@description('The names of the role assignments.')
output names string[] = [
  storageBlobDataOwner.name
  storageQueueDataContributor.name
  monitoringMetricsPublisher.name
  keyVaultSecrets.name
]

@description('The resource IDs of the role assignments.')
output resourceIds string[] = [
  storageBlobDataOwner.id
  storageQueueDataContributor.id
  monitoringMetricsPublisher.id
  keyVaultSecrets.id
]
