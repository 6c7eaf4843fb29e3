metadata name = 'Workbook'
metadata description = 'A shared Azure Monitor workbook attached to a resource.'

@description('Required. Name of the workbook: a GUID.')
param name string

@description('Optional. Location for the workbook.')
param location string = resourceGroup().location

@description('Optional. Tags of the workbook.')
param tags object = {}

@description('Required. Title shown in the portal.')
param displayName string

@description('Required. Resource ID of the resource the workbook belongs to and queries by default.')
param sourceResourceId string

@description('Required. The workbook content (version Notebook/1.0) as an object; it is stored serialized.')
param content object

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: sourceResourceId
    serializedData: string(content)
    version: 'Notebook/1.0'
  }
}

@description('The name of the workbook.')
output name string = workbook.name

@description('The resource ID of the workbook.')
output resourceId string = workbook.id
