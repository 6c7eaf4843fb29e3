namespace CodatAlerts.Operations.Background;

/// <summary>Where an operation stands: <c>queued</c> → <c>running</c> → <c>succeeded</c> or <c>failed</c>.</summary>
public static class OperationStates
{
    public const string Queued = "queued";

    public const string Running = "running";

    public const string Succeeded = "succeeded";

    public const string Failed = "failed";

    /// <summary>Whether nothing more will happen to an operation in <paramref name="status"/>.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed;
}
