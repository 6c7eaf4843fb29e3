namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>
/// A deployment that uses every optional feature: two listed clients (one pinned, one hashed), a default client, a
/// source-IP allow list, an alert e-mail and a deploying user. <c>main.bicepparam</c> covers the defaults.
/// </summary>
internal static class ConfiguredDeployment
{
    public const string PrincipalId = "11111111-2222-3333-4444-555555555555";
    public const string AlertEmail = "operations@example.com";
    public const string OperatorsClientId = "66666666-7777-8888-9999-000000000000";
    public const string TraceLinkTemplate = "https://grafana.example/explore?traceId={traceId}";

    public const string PinnedClientId = "bae71d36-ff47-420a-b4a6-f8c9ddf41140";
    public const int PinnedPartition = 3;
    public static readonly string[] PinnedAuthorizationSecrets = ["codat-dave-authorization", "codat-dave-authorization-next"];
    public static readonly string[] PinnedSigningSecrets = ["codat-dave-signing"];

    public const string HashedClientId = "30e0f9d2-52c0-4c9f-a806-bcd98a3bcd7e";
    public static readonly string[] HashedSigningSecrets = ["codat-expense-signing"];

    public static readonly string[] DefaultAuthorizationSecrets = ["codat-default-authorization"];

    /// <summary>Codat's published source addresses, legacy and signed service.</summary>
    public static readonly string[] CodatSourceIps = ["20.77.82.168/32", "51.142.76.22/32", "4.159.114.108/32", "20.117.190.191/32"];

    /// <summary>The body of the .bicepparam file, after its <c>using</c> line.</summary>
    public static string Parameters { get; } = $$"""
        param environmentName = 'configured'
        param location = 'uksouth'
        param principalId = '{{PrincipalId}}'
        param alertEmail = '{{AlertEmail}}'
        param operatorsClientId = '{{OperatorsClientId}}'
        param traceLinkTemplate = '{{TraceLinkTemplate}}'
        param allowedSourceIps = {{List(CodatSourceIps)}}
        param codatClients = [
          {
            clientId: '{{PinnedClientId}}'
            partition: {{PinnedPartition}}
            require: 'Both'
            authorizationSecretNames: {{List(PinnedAuthorizationSecrets)}}
            signingSecretNames: {{List(PinnedSigningSecrets)}}
          }
          {
            clientId: '{{HashedClientId}}'
            signingSecretNames: {{List(HashedSigningSecrets)}}
          }
        ]
        param defaultClient = {
          require: 'Authorization'
          authorizationSecretNames: {{List(DefaultAuthorizationSecrets)}}
        }
        """;

    private static string List(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(value => $"'{value}'"))}]";
}
