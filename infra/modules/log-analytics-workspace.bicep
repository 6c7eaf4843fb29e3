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

@description('Optional. Most data ingested per day, in GB; collection stops until the daily reset once reached. -1 for no cap.')
param dailyQuotaGb int = -1

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      disableLocalAuth: true
    }
  }
}

@description('The name of the workspace.')
output name string = workspace.name

@description('The resource ID of the workspace.')
output resourceId string = workspace.id
