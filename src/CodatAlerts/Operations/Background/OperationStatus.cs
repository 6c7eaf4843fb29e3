namespace CodatAlerts.Operations.Background;

/// <summary>
/// The status blob of one background operation (<c>operator-operations/{id}.json</c>), and the answer of
/// <c>GET /api/operations/{id}</c>. The runner rewrites it at each checkpoint, conditional on the ETag it read, so
/// a redelivered message resumes from <see cref="Continuation"/> and <see cref="Counts"/> instead of starting over.
/// </summary>
public sealed class OperationStatus
{
    /// <summary>The most alert rows one status keeps; <see cref="Counts"/> counts them all.</summary>
    public const int MaxAlertRows = 1_000;

    public required string OperationId { get; init; }

    /// <summary>One of <see cref="OperationKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>One of <see cref="OperationStates"/>.</summary>
    public string Status { get; set; } = OperationStates.Queued;

    /// <summary>The operator's readable name: the journey lines' actor.</summary>
    public required string RequestedBy { get; init; }

    /// <summary>The operator's Entra object id, when signed in with Entra ID (for the audit's result line).</summary>
    public string? RequestedById { get; init; }

    /// <summary>How the operator was established (<c>entra-id</c>, <c>function-key</c>, <c>loopback</c>).</summary>
    public string? RequestedVia { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The filter as parsed (times in ISO 8601 UTC); a retry with the same Idempotency-Key must give the same one.</summary>
    public required SortedDictionary<string, string> Filter { get; init; }

    /// <summary>The audit entry written before the operation was created.</summary>
    public string? AuditId { get; init; }

    /// <summary>Whether its queue message was sent: a retried start sends it only when this is still false.</summary>
    public bool Enqueued { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>While running: until when the invocation running it counts as alive (renewed at each checkpoint).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Invocations that have run it (more than one after a crash or a storage failure).</summary>
    public int Runs { get; set; }

    public SortedDictionary<string, int> Counts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The alerts it touched, in order, at most <see cref="MaxAlertRows"/>.</summary>
    public List<OperationAlert> Alerts { get; init; } = [];

    /// <summary>Where a re-run's walk through the records stopped (the records list's continuation); null at the start.</summary>
    public string? Continuation { get; set; }

    /// <summary>False when it stopped at its bound (<see cref="OperationBounds.MaxAlerts"/>) with more left; null until it ends.</summary>
    public bool? Complete { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>Adds <paramref name="by"/> to the count <paramref name="name"/>.</summary>
    public void Count(string name, int by = 1) => Counts[name] = Counts.GetValueOrDefault(name) + by;

    /// <summary>Keeps <paramref name="alert"/> among the rows while there is room.</summary>
    public void Touched(OperationAlert alert)
    {
        if (Alerts.Count < MaxAlertRows)
        {
            Alerts.Add(alert);
        }
    }

    /// <summary>The filter as one line of the audit trail.</summary>
    public static string DescribeFilter(IReadOnlyDictionary<string, string> filter) =>
        string.Join(' ', (filter ?? throw new ArgumentNullException(nameof(filter))).Select(f => $"{f.Key}={f.Value}"));

    /// <summary>Whether <paramref name="filter"/> is the same as this operation's.</summary>
    public bool SameFilter(string kind, IReadOnlyDictionary<string, string> filter) =>
        Kind == kind && Filter.Count == filter.Count && Filter.All(f => filter.TryGetValue(f.Key, out var v) && v == f.Value);
}
