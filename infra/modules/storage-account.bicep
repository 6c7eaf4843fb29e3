metadata name = 'Storage account'
metadata description = 'Host and application storage reached by identity only: the partition queues, the blob containers, and a lifecycle rule that expires alert records after the retention period.'

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Optional. Location for the storage account.')
param location string = resourceGroup().location

@description('Optional. Tags of the storage account.')
param tags object = {}

@description('Optional. Blob containers to create; none is public.')
param containerNames string[] = []

@description('Optional. Queues to create. The Functions host creates each queue\'s -poison queue itself on first use.')
param queueNames string[] = []

@description('Optional. Containers whose blobs are deleted once they have not been modified for retentionDays days.')
param expiringContainerNames string[] = []

@description('Optional. Days after the last modification when blobs in expiringContainerNames are deleted.')
@minValue(1)
param retentionDays int = 30

resource storageAccount 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    // Identity only: no account keys, no SAS signed with them, no anonymous reads.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    accessTier: 'Hot'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource containers 'containers' = [
      for containerName in containerNames: {
        name: containerName
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource queues 'queues' = [
      for queueName in queueNames: {
        name: queueName
      }
    ]
  }

  resource lifecycle 'managementPolicies' = if (!empty(expiringContainerNames)) {
    name: 'default'
    properties: {
      policy: {
        rules: [
          {
            name: 'expire-alert-records'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                blobTypes: [
                  'blockBlob'
                ]
                // A prefix starts with the container name, so the rule never touches other containers.
                prefixMatch: [for containerName in expiringContainerNames: '${containerName}/']
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: retentionDays
                  }
                }
              }
            }
          }
        ]
      }
    }
  }
}

@description('The name of the storage account.')
output name string = storageAccount.name

@description('The resource ID of the storage account.')
output resourceId string = storageAccount.id

@description('The blob service endpoint, for AzureWebJobsStorage__blobServiceUri and the deployment container URL.')
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob

@description('The queue service endpoint, for AzureWebJobsStorage__queueServiceUri.')
output queueEndpoint string = storageAccount.properties.primaryEndpoints.queue
