namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>The made-up tenant, subscription and resource group a snapshot evaluates the template against.</summary>
internal sealed record DeploymentScope(
    string TenantId,
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    string DeploymentName)
{
    public static DeploymentScope Test { get; } = new(
        TenantId: "00000000-0000-0000-0000-00000000000a",
        SubscriptionId: "00000000-0000-0000-0000-00000000000b",
        ResourceGroup: "rg-codat-alerts-test",
        Location: "uksouth",
        DeploymentName: "codat-alerts-test");
}
