metadata name = 'Action group'
metadata description = 'Where the alert rules send their notifications: an e-mail receiver when an address is given.'

@description('Required. Name of the action group.')
param name string

@description('Required. Short name shown in e-mails and SMS (at most 12 characters).')
@maxLength(12)
param shortName string

@description('Optional. Tags of the action group.')
param tags object = {}

@description('Optional. Address that receives the alerts; none when empty (the rules still fire and show in the portal).')
param emailAddress string = ''

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  // Action groups are global resources.
  location: 'global'
  tags: tags
  properties: {
    groupShortName: shortName
    enabled: true
    emailReceivers: empty(emailAddress)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: emailAddress
            useCommonAlertSchema: true
          }
        ]
  }
}

@description('The name of the action group.')
output name string = actionGroup.name

@description('The resource ID of the action group.')
output resourceId string = actionGroup.id
