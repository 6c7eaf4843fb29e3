namespace CodatAlerts.Intake.Authentication;

/// <summary>The lower-case names of <see cref="ClientIdSource"/> that logs, span tags, metrics and records carry.</summary>
public static class ClientIdSourceNames
{
    public const string Header = "header";
    public const string Signature = "signature";
    public const string Default = "default";

    /// <summary>For an envelope written before the source was recorded.</summary>
    public const string Unknown = "unknown";

    public static string Name(ClientIdSource? source) => source switch
    {
        ClientIdSource.Header => Header,
        ClientIdSource.Signature => Signature,
        ClientIdSource.Default => Default,
        _ => Unknown,
    };
}
