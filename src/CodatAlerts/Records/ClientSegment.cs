namespace CodatAlerts.Records;

/// <summary>The client part of an inspector URL.</summary>
public static class ClientSegment
{
    /// <summary>In a URL, <c>_</c> stands for "no client ID" (an alert the default credentials accepted), as in the record's name.</summary>
    public const string NoClient = "_";

    /// <summary>The client ID a URL segment names.</summary>
    public static string ToClientId(string segment) => segment == NoClient ? string.Empty : segment;
}
