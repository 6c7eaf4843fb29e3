metadata name = 'Diagnostic settings'
metadata description = 'Sends the Key Vault audit log, the storage write and delete logs (blobs and queues) and the function app\'s platform logs to the Log Analytics workspace.'

@description('Required. Resource ID of the Log Analytics workspace that receives the logs.')
param workspaceResourceId string

@description('Required. Name of the Key Vault whose audit events (every secret read and write) are kept.')
param keyVaultName string

@description('Required. Name of the storage account whose blob and queue writes and deletes are kept.')
param storageAccountName string

@description('Required. Name of the function app whose platform logs (FunctionAppLogs) are kept.')
param functionAppName string

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }

  resource queueService 'queueServices' existing = {
    name: 'default'
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// Who read or changed which secret, and when: the category group 'audit' of Key Vault (AuditEvent).
resource keyVaultAudit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'audit-to-workspace'
  scope: keyVault
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      {
        categoryGroup: 'audit'
        enabled: true
      }
    ]
  }
}

// Writes and deletes only: reads are every alert's traffic and would cost more than they tell.
var storageWriteLogs = [
  {
    category: 'StorageWrite'
    enabled: true
  }
  {
    category: 'StorageDelete'
    enabled: true
  }
]

resource blobWrites 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'writes-to-workspace'
  scope: storageAccount::blobService
  properties: {
    workspaceId: workspaceResourceId
    logs: storageWriteLogs
  }
}

resource queueWrites 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'writes-to-workspace'
  scope: storageAccount::queueService
  properties: {
    workspaceId: workspaceResourceId
    logs: storageWriteLogs
  }
}

// The platform's own log of the app (start-up, host errors): what the app cannot report when it cannot start.
resource appLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'platform-logs-to-workspace'
  scope: functionApp
  properties: {
    workspaceId: workspaceResourceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
  }
}
