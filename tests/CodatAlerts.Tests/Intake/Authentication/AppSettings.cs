using CodatAlerts.Intake;
using Microsoft.Extensions.Configuration;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>
/// Configuration written as Azure app settings (<c>Alerts__Clients__0__ClientId</c>), read the way the host reads
/// environment variables: <c>__</c> is the section separator.
/// </summary>
internal static class AppSettings
{
    /// <summary>A valid configuration: two listed clients and a default, every kind of credential.</summary>
    public static Dictionary<string, string?> Valid() => new()
    {
        ["Alerts__Clients__0__ClientId"] = TestCredentials.ClientA,
        ["Alerts__Clients__0__Authorization__0"] = TestCredentials.BearerOne,
        ["Alerts__Clients__0__SigningSecrets__0"] = TestCredentials.VectorSecret,
        ["Alerts__Clients__0__SigningSecrets__1"] = TestCredentials.OtherSecret,
        ["Alerts__Clients__0__Require"] = "Both",
        ["Alerts__Clients__0__Partition"] = "7",
        ["Alerts__Clients__1__ClientId"] = TestCredentials.ClientB,
        ["Alerts__Clients__1__Authorization__0"] = TestCredentials.BasicOne,
        ["Alerts__Clients__1__Authorization__1"] = TestCredentials.BasicTwo,
        ["Alerts__DefaultClient__SigningSecrets__0"] = TestCredentials.ClientSecrets[0],
        ["Alerts__DefaultClient__Require"] = "Signature",
    };

    public static IConfiguration ToConfiguration(IDictionary<string, string?> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)))
            .Build();

    public static IntakeOptions Bind(IDictionary<string, string?> settings)
    {
        var options = new IntakeOptions();
        ToConfiguration(settings).GetSection(IntakeOptions.SectionName).Bind(options);
        return options;
    }
}
