using Azure;

namespace CodatAlerts.Processing;

/// <summary>A claim this worker holds on an alert's record: the version it wrote, for the closing conditional write.</summary>
public sealed class AlertClaim
{
    internal AlertClaim(string blobName, ETag etag, IDictionary<string, string> metadata, int attempt, DateTimeOffset claimedAt, TimeSpan lease, long startedTimestamp)
    {
        BlobName = blobName;
        ETag = etag;
        Metadata = metadata;
        Attempt = attempt;
        ClaimedAt = claimedAt;
        LeaseUntil = claimedAt + lease;
        StartedTimestamp = startedTimestamp;
    }

    /// <summary>The record's blob name.</summary>
    public string BlobName { get; }

    /// <summary>The record version this claim wrote; any other writer since means the claim is lost.</summary>
    public ETag ETag { get; }

    /// <summary>Which claim of the alert this is (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>When the storage service stamped the claim write (its Last-Modified): the clock every worker judges the lease by.</summary>
    public DateTimeOffset ClaimedAt { get; }

    /// <summary>When the claim runs out and another worker may take the alert, on the storage service's clock.</summary>
    public DateTimeOffset LeaseUntil { get; }

    /// <summary>
    /// This worker's <see cref="TimeProvider.GetTimestamp"/> taken before the claim write was sent: the lease runs at
    /// most from then, so a budget measured from it on the local clock ends before the service's lease, whatever the
    /// skew between the two clocks.
    /// </summary>
    public long StartedTimestamp { get; }

    /// <summary>When the first transient failure of the alert happened (service time), carried over from the record.</summary>
    public DateTimeOffset? FirstFailedAt { get; init; }

    // The full metadata set as written: a metadata write replaces every key, so closing writes start from it.
    internal IDictionary<string, string> Metadata { get; }
}
