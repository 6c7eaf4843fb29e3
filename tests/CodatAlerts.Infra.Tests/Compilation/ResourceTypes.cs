namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>The resource types the tests look up.</summary>
public static class ResourceTypes
{
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    public const string Queue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    public const string ManagementPolicy = "Microsoft.Storage/storageAccounts/managementPolicies";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string UserAssignedIdentity = "Microsoft.ManagedIdentity/userAssignedIdentities";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string Plan = "Microsoft.Web/serverfarms";
    public const string Site = "Microsoft.Web/sites";
    public const string SiteConfig = "Microsoft.Web/sites/config";
    public const string PublishingCredentialsPolicy = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string Workspace = "Microsoft.OperationalInsights/workspaces";
    public const string ApplicationInsights = "Microsoft.Insights/components";
    public const string ActionGroup = "Microsoft.Insights/actionGroups";
    public const string ScheduledQueryRule = "Microsoft.Insights/scheduledQueryRules";
    public const string Workbook = "Microsoft.Insights/workbooks";
}
