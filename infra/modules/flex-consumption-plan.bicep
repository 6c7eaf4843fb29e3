metadata name = 'Flex Consumption plan'
metadata description = 'A Linux Flex Consumption (FC1) plan; it hosts exactly one function app.'

@description('Required. Name of the plan.')
param name string

@description('Optional. Location for the plan.')
param location string = resourceGroup().location

@description('Optional. Tags of the plan.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

@description('The name of the plan.')
output name string = plan.name

@description('The resource ID of the plan.')
output resourceId string = plan.id
