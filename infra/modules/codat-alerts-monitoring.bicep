metadata name = 'codat-alerts monitoring'
metadata description = 'Alert rules over the app\'s telemetry (poison messages, 503 rate, 401/403 bursts, processing lag) sent to one action group, and a workbook with throughput, rejects, lag, per-client and poison views. Queries live in infra/queries.'

@description('Optional. Location for the rules and the workbook.')
param location string = resourceGroup().location

@description('Optional. Tags of every resource.')
param tags object = {}

@description('Required. Resource ID of the Application Insights component the app reports to.')
param applicationInsightsResourceId string

@description('Required. Resource ID of the Log Analytics workspace behind the component (the daily-cap rule reads its operations log).')
param workspaceResourceId string

@description('Required. Resource ID of the user-assigned identity every alert rule queries as (read access to the component and its workspace).')
param alertRuleIdentityResourceId string

@description('Required. Name of the action group.')
param actionGroupName string

@description('Required. Prefix of the alert rule names; each rule appends its own suffix.')
param alertRuleNamePrefix string

@description('Optional. Address that receives the alerts; none when empty.')
param alertEmail string = ''

@description('Optional. Percentage of received alerts answered 503 in 5 minutes above which the unavailability alert fires.')
@minValue(1)
@maxValue(100)
param unavailablePercentThreshold int = 5

@description('Optional. Number of 401/403 answers in 5 minutes above which the authentication alert fires.')
@minValue(1)
param authFailureThreshold int = 20

@description('Optional. p95 of the processing lag (seconds from receipt to processed) above which the lag alert fires.')
@minValue(1)
param lagP95ThresholdSeconds int = 60

module actionGroup 'action-group.bicep' = {
  name: take('codat-action-group-${uniqueString(actionGroupName)}', 64)
  params: {
    name: actionGroupName
    shortName: 'codatalerts'
    tags: tags
    emailAddress: alertEmail
  }
}

// Each rule queries the component (customMetrics), except the daily-cap rule, which reads the workspace's operations log.
var alertRules = [
  {
    suffix: 'silent'
    displayName: 'Codat alerts: app silent'
    description: 'The app reported no queue-depth sample for 15 minutes: no host is running it. Check that it starts (Log stream, Diagnose and solve problems), its identity\'s roles and its Key Vault references, then redeploy with azd deploy.'
    severity: 1
    query: loadTextContent('../queries/alerts/app-silent.kql')
    timeAggregation: 'Minimum'
    metricMeasureColumn: 'Samples'
    operator: 'LessThan'
    threshold: 1
    windowSize: 'PT15M'
    scope: applicationInsightsResourceId
  }
  {
    suffix: 'sweep-incomplete'
    displayName: 'Codat alerts: sweep could not finish a partition'
    description: 'A sweep run stopped before it finished a partition; alerts may wait there until a run gets through. See the sweep\'s traces for the reason.'
    severity: 2
    query: loadTextContent('../queries/alerts/sweep-incomplete.kql')
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'Incomplete'
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    scope: applicationInsightsResourceId
  }
  {
    suffix: 'daily-cap'
    displayName: 'Codat alerts: Log Analytics daily cap reached'
    description: 'The workspace stopped collecting telemetry until its daily reset, so the other rules are blind. Find the flood in the workbook, or raise logDailyCapGb.'
    severity: 1
    query: loadTextContent('../queries/alerts/daily-cap.kql')
    timeAggregation: 'Count'
    metricMeasureColumn: ''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    scope: workspaceResourceId
  }
  {
    suffix: 'poison'
    displayName: 'Codat alerts: message in a poison queue'
    description: 'An alert failed every attempt and waits in a -poison queue. Find the cause in the traces, fix it, then replay with ReplayPoison.'
    severity: 1
    query: loadTextContent('../queries/alerts/poison.kql')
    timeAggregation: 'Count'
    metricMeasureColumn: ''
    operator: 'GreaterThan'
    threshold: 0
    windowSize: 'PT15M'
    scope: applicationInsightsResourceId
  }
  {
    suffix: 'unavailable'
    displayName: 'Codat alerts: intake answering 503'
    description: 'A share of Codat\'s deliveries was answered 503 because the alert could not be stored. Codat retries only a few times: check storage health and throttling.'
    severity: 1
    query: loadTextContent('../queries/alerts/unavailable-rate.kql')
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'UnavailablePercent'
    operator: 'GreaterThan'
    threshold: unavailablePercentThreshold
    windowSize: 'PT5M'
    scope: applicationInsightsResourceId
  }
  {
    suffix: 'auth-failures'
    displayName: 'Codat alerts: burst of 401/403'
    description: 'Many deliveries failed authentication: a credential rotated on one side only, or someone is probing the endpoint.'
    severity: 2
    query: loadTextContent('../queries/alerts/auth-failures.kql')
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'AuthFailures'
    operator: 'GreaterThan'
    threshold: authFailureThreshold
    windowSize: 'PT5M'
    scope: applicationInsightsResourceId
  }
  {
    suffix: 'lag'
    displayName: 'Codat alerts: processing lag p95 high'
    description: 'Alerts wait too long between receipt and processing: the partitions are backed up or failing and retrying.'
    severity: 2
    query: loadTextContent('../queries/alerts/lag-p95.kql')
    timeAggregation: 'Maximum'
    metricMeasureColumn: 'LagP95Seconds'
    operator: 'GreaterThan'
    threshold: lagP95ThresholdSeconds
    windowSize: 'PT15M'
    scope: applicationInsightsResourceId
  }
]

module rules 'scheduled-query-rule.bicep' = [
  for rule in alertRules: {
    name: take('codat-alert-${rule.suffix}-${uniqueString(alertRuleNamePrefix)}', 64)
    params: {
      name: '${alertRuleNamePrefix}${rule.suffix}'
      location: location
      tags: tags
      displayName: rule.displayName
      alertDescription: rule.description
      severity: rule.severity
      scopeResourceId: rule.scope
      identityResourceId: alertRuleIdentityResourceId
      query: rule.query
      timeAggregation: rule.timeAggregation
      metricMeasureColumn: rule.metricMeasureColumn
      operator: rule.operator
      threshold: rule.threshold
      windowSize: rule.windowSize
      actionGroupResourceIds: [
        actionGroup.outputs.resourceId
      ]
    }
  }
]

// One query item of the workbook, reading the time range picked at the top.
func queryItem(name string, title string, query string, visualization string) object => {
  type: 3
  name: name
  content: {
    version: 'KqlItem/1.0'
    title: title
    query: query
    size: 0
    queryType: 0
    resourceType: 'microsoft.insights/components'
    timeContextFromParameter: 'TimeRange'
    visualization: visualization
  }
}

var workbookContent = {
  version: 'Notebook/1.0'
  items: [
    {
      type: 1
      name: 'introduction'
      content: {
        json: '## Codat alerts\nIntake and processing of Codat\'s webhook alerts, from the app\'s OpenTelemetry metrics (customMetrics).'
      }
    }
    {
      type: 9
      name: 'parameters'
      content: {
        version: 'KqlParameterItem/1.0'
        style: 'pills'
        queryType: 0
        resourceType: 'microsoft.insights/components'
        parameters: [
          {
            id: guid('codat-alerts-workbook', 'TimeRange')
            version: 'KqlParameterItem/1.0'
            name: 'TimeRange'
            label: 'Time range'
            type: 4
            isRequired: true
            value: {
              durationMs: 86400000
            }
            typeSettings: {
              allowCustom: true
              selectableValues: [
                { durationMs: 3600000 }
                { durationMs: 14400000 }
                { durationMs: 86400000 }
                { durationMs: 604800000 }
                { durationMs: 2592000000 }
              ]
            }
          }
        ]
      }
    }
    queryItem('throughput', 'Throughput by stage', loadTextContent('../queries/workbook/throughput.kql'), 'timechart')
    queryItem(
      'rejects-by-reason',
      'Rejected requests by status and reason',
      loadTextContent('../queries/workbook/rejects-by-reason.kql'),
      'barchart'
    )
    queryItem(
      'lag-percentiles',
      'Processing lag (seconds): percentiles and max',
      loadTextContent('../queries/workbook/lag-percentiles.kql'),
      'linechart'
    )
    queryItem('per-client', 'Per client', loadTextContent('../queries/workbook/per-client.kql'), 'table')
    queryItem('poison-count', 'Poison queues', loadTextContent('../queries/workbook/poison-count.kql'), 'table')
  ]
  fallbackResourceIds: [
    applicationInsightsResourceId
  ]
  '$schema': 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json'
}

module workbook 'workbook.bicep' = {
  name: take('codat-workbook-${uniqueString(applicationInsightsResourceId)}', 64)
  params: {
    // A workbook's name must be a GUID; seeded with stable inputs so redeploying updates the same one.
    name: guid(applicationInsightsResourceId, 'codat-alerts-workbook')
    location: location
    tags: tags
    displayName: 'Codat alerts'
    sourceResourceId: applicationInsightsResourceId
    content: workbookContent
  }
}

@description('The resource ID of the action group.')
output actionGroupResourceId string = actionGroup.outputs.resourceId

@description('The names of the alert rules.')
output alertRuleNames string[] = [for (rule, i) in alertRules: rules[i].outputs.name]

@description('The resource ID of the workbook.')
output workbookResourceId string = workbook.outputs.resourceId
