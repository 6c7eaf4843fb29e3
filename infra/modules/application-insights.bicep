metadata name = 'Application Insights'
metadata description = 'Workspace-based Application Insights that accepts only Entra ID (managed identity) ingestion.'

@description('Required. Name of the component.')
param name string

@description('Optional. Location for the component.')
param location string = resourceGroup().location

@description('Optional. Tags of the component.')
param tags object = {}

@description('Required. Resource ID of the Log Analytics workspace that stores the telemetry.')
param workspaceResourceId string

resource component 'Microsoft.Insights/components@2020-02-02' = {
  name: name
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspaceResourceId
    IngestionMode: 'LogAnalytics'
    // Instrumentation-key ingestion refused: only tokens of identities with Monitoring Metrics Publisher are accepted.
    DisableLocalAuth: true
  }
}

@description('The name of the component.')
output name string = component.name

@description('The resource ID of the component.')
output resourceId string = component.id
