metadata name = 'Scheduled query rule'
metadata description = 'A log search alert over an Application Insights component that notifies action groups, querying as a user-assigned managed identity.'

@description('Required. Name of the rule.')
param name string

@description('Optional. Location for the rule; the location of the component it queries.')
param location string = resourceGroup().location

@description('Optional. Tags of the rule.')
param tags object = {}

@description('Required. Title shown in the portal and in notifications.')
param displayName string

@description('Required. What firing means and what to do about it.')
param alertDescription string

@description('Optional. Severity, from 0 (critical) to 4 (verbose).')
@minValue(0)
@maxValue(4)
param severity int = 2

@description('Required. Resource ID of the Application Insights component the query runs against.')
param scopeResourceId string

@description('Required. Resource ID of the user-assigned identity the query runs as; it needs read access to the component and its workspace. Without one, a rule queries as whoever last deployed it, and Azure disables a rule that keeps failing.')
param identityResourceId string

@description('Required. The KQL query. The rule applies the window, so the query has no time filter of its own.')
param query string

@description('Optional. How the rows of one window become the compared value.')
@allowed([
  'Count'
  'Average'
  'Minimum'
  'Maximum'
  'Total'
])
param timeAggregation string = 'Count'

@description('Optional. The numeric column to aggregate; empty when timeAggregation is Count of rows.')
param metricMeasureColumn string = ''

@description('Optional. Comparison against the threshold.')
@allowed([
  'GreaterThan'
  'GreaterThanOrEqual'
  'LessThan'
  'LessThanOrEqual'
  'Equal'
])
param operator string = 'GreaterThan'

@description('Required. The threshold the aggregated value is compared with.')
param threshold int

@description('Optional. How often the rule runs (ISO 8601 duration).')
param evaluationFrequency string = 'PT5M'

@description('Optional. The window of data each run looks at (ISO 8601 duration).')
param windowSize string = 'PT5M'

@description('Required. Resource IDs of the action groups to notify.')
@minLength(1)
param actionGroupResourceIds string[]

resource rule 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: name
  location: location
  tags: tags
  kind: 'LogAlert'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    displayName: displayName
    description: alertDescription
    severity: severity
    enabled: true
    scopes: [
      scopeResourceId
    ]
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    criteria: {
      allOf: [
        {
          query: query
          timeAggregation: timeAggregation
          metricMeasureColumn: empty(metricMeasureColumn) ? null : metricMeasureColumn
          operator: operator
          threshold: threshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    // Resolve by itself once the condition clears, so a notification means "happening now".
    autoMitigate: true
    // The customMetrics rows these queries read appear only once the app first reports; validating against a new,
    // empty component would fail the deployment.
    skipQueryValidation: true
    actions: {
      actionGroups: actionGroupResourceIds
    }
  }
}

@description('The name of the rule.')
output name string = rule.name

@description('The resource ID of the rule.')
output resourceId string = rule.id
