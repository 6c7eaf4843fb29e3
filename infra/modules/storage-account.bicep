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

@description('A container whose blobs are deleted once they have not been modified for retentionDays days.')
type expiringContainer = {
  @description('Required. The container name.')
  name: string

  @description('Required. Days after the last modification when its blobs are deleted.')
  @minValue(1)
  retentionDays: int
}

@description('Optional. Containers whose blobs expire, each with its own retention; one lifecycle rule each.')
param expiringContainers expiringContainer[] = []

@description('A container whose blobs cannot be changed or deleted for a number of days after they are written; new blocks may still be appended to an append blob.')
type appendOnlyContainer = {
  @description('Required. The container name; it must also be listed in containerNames.')
  name: string

  @description('Required. Days each blob stays immutable after it is created.')
  @minValue(1)
  immutableDays: int
}

@description('Optional. Containers under a time-based retention policy with protected append writes (an audit log).')
param appendOnlyContainers appendOnlyContainer[] = []

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

  resource lifecycle 'managementPolicies' = if (!empty(expiringContainers)) {
    name: 'default'
    properties: {
      policy: {
        rules: [
          for container in expiringContainers: {
            name: 'expire-${container.name}'
            enabled: true
            type: 'Lifecycle'
            definition: {
              filters: {
                // Append blobs too: a journey is one append blob per alert. Lifecycle deletes both kinds.
                blobTypes: [
                  'blockBlob'
                  'appendBlob'
                ]
                // A prefix starts with the container name, so the rule never touches other containers.
                prefixMatch: [
                  '${container.name}/'
                ]
              }
              actions: {
                baseBlob: {
                  delete: {
                    daysAfterModificationGreaterThan: container.retentionDays
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

// Unlocked on purpose: a locked policy can never be shortened or removed, which is the owner's decision to make
// (az storage container immutability-policy lock). Unlocked, it still refuses every overwrite and delete of a blob
// younger than the period; new blocks may be appended to an append blob (allowProtectedAppendWrites).
resource appendOnlyPolicies 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2025-06-01' = [
  for container in appendOnlyContainers: {
    parent: storageAccount::blobService::containers[indexOf(containerNames, container.name)]
    name: 'default'
    properties: {
      immutabilityPeriodSinceCreationInDays: container.immutableDays
      allowProtectedAppendWrites: true
    }
  }
]

@description('The name of the storage account.')
output name string = storageAccount.name

@description('The resource ID of the storage account.')
output resourceId string = storageAccount.id

@description('The blob service endpoint, for AzureWebJobsStorage__blobServiceUri and the deployment container URL.')
output blobEndpoint string = storageAccount.properties.primaryEndpoints.blob

@description('The queue service endpoint, for AzureWebJobsStorage__queueServiceUri.')
output queueEndpoint string = storageAccount.properties.primaryEndpoints.queue
