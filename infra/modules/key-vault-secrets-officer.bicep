metadata name = 'Key Vault Secrets Officer'
metadata description = 'Lets one principal create and read the secrets of one vault, and nothing else: the deploying user, who sets the Codat credentials and signs the self-test alert.'

@description('Required. Object ID of the principal.')
param principalId string

@description('Optional. Type of the principal.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'User'

@description('Required. Name of the Key Vault.')
param keyVaultName string

// Built-in role: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' existing = {
  name: keyVaultName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, principalId, keyVaultSecretsOfficer)
  scope: keyVault
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

@description('The name of the role assignment.')
output name string = assignment.name
