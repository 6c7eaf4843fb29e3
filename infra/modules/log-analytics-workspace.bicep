metadata name = 'Log Analytics workspace'
metadata description = 'The workspace behind Application Insights. Local (shared key) authentication is off.'

@description('Required. Name of the workspace.')
param name string

@description('Optional. Location for the workspace.')
param location string = resourceGroup().location

@description('Optional. Tags of the workspace.')
param tags object = {}

@description('Optional. Days to keep data.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

@description('The name of the workspace.')
output name string = workspace.name

@description('The resource ID of the workspace.')
output resourceId string = workspace.id
