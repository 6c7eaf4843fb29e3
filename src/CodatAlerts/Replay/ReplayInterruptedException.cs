namespace CodatAlerts.Replay;

/// <summary>
/// Storage failed in the middle of a replay: <see cref="SoFar"/> is what had moved by then (the endpoint answers 503
/// with it). The message being moved when it failed is in poison still, or in both places (a duplicate the records
/// absorb); its record is never left <c>released</c> with the alert only in poison.
/// </summary>
public sealed class ReplayInterruptedException : Exception
{
    public ReplayInterruptedException()
    {
        SoFar = new ReplayReport(0, 0, 0, DryRun: false, Complete: false, []);
    }

    public ReplayInterruptedException(string message)
        : base(message)
    {
        SoFar = new ReplayReport(0, 0, 0, DryRun: false, Complete: false, []);
    }

    public ReplayInterruptedException(string message, Exception innerException)
        : base(message, innerException)
    {
        SoFar = new ReplayReport(0, 0, 0, DryRun: false, Complete: false, []);
    }

    public ReplayInterruptedException(ReplayReport soFar, Exception innerException)
        : base("Storage failed during the replay; the report says what had moved.", innerException)
    {
        SoFar = soFar;
    }

    /// <summary>What the replay had read, matched and moved when storage failed (<see cref="ReplayReport.Complete"/> false).</summary>
    public ReplayReport SoFar { get; }
}
