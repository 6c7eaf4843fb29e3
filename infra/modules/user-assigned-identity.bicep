metadata name = 'User-assigned managed identity'
metadata description = 'The identity the function app uses for storage, Key Vault references and telemetry ingestion.'

@description('Required. Name of the identity.')
param name string

@description('Optional. Location for the identity.')
param location string = resourceGroup().location

@description('Optional. Tags of the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('The name of the identity.')
output name string = identity.name

@description('The resource ID of the identity.')
output resourceId string = identity.id

@description('The client (application) ID of the identity, for AzureWebJobsStorage__clientId and Entra ID ingestion.')
output clientId string = identity.properties.clientId

@description('The principal (object) ID of the identity, for role assignments.')
output principalId string = identity.properties.principalId
