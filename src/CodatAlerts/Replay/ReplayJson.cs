using System.Text.Json;

namespace CodatAlerts.Replay;

/// <summary>The replay endpoint's JSON: the report, or the reason a request was refused.</summary>
public static class ReplayJson
{
    public static string Serialize(ReplayReport report) => JsonSerializer.Serialize(report, ReplayJsonContext.Default.ReplayReport);

    public static string SerializeError(string error) => JsonSerializer.Serialize(new ReplayError(error), ReplayJsonContext.Default.ReplayError);
}
