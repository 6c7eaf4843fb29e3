metadata name = 'Log reader roles'
metadata description = 'Read-only access to the app\'s telemetry for one principal (the alert rules\' identity): Monitoring Reader on the Application Insights component the rules are scoped to, and Log Analytics Reader on the workspace that holds its data.'

@description('Required. Object ID of the principal receiving the roles.')
param principalId string

@description('Optional. Type of the principal; ServicePrincipal for managed identities.')
@allowed([
  'ServicePrincipal'
  'User'
  'Group'
])
param principalType string = 'ServicePrincipal'

@description('Required. Name of the Application Insights component the queries are scoped to.')
param applicationInsightsName string

@description('Required. Name of the Log Analytics workspace that stores the component\'s data.')
param workspaceName string

// Built-in role definition IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var roleDefinitionIds = {
  'Monitoring Reader': '43d0d8ad-25c7-4714-9337-8ba259a9fe05'
  'Log Analytics Reader': '73c42c96-874c-492b-b04d-ab87d138a893'
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

// The rules' scope: a resource-centric query reads the component.
resource monitoringReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, roleDefinitionIds['Monitoring Reader'])
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleDefinitionIds['Monitoring Reader']
    )
  }
}

// Microsoft documents a reader role on every workspace a log search alert's query reads; the component's rows live here.
resource logAnalyticsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(workspace.id, principalId, roleDefinitionIds['Log Analytics Reader'])
  scope: workspace
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleDefinitionIds['Log Analytics Reader']
    )
  }
}

@description('The names of the role assignments.')
output names string[] = [
  monitoringReader.name
  logAnalyticsReader.name
]

@description('The resource IDs of the role assignments.')
output resourceIds string[] = [
  monitoringReader.id
  logAnalyticsReader.id
]
