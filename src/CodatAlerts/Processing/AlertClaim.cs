using Azure;

namespace CodatAlerts.Processing;

/// <summary>
/// A claim one invocation holds on an alert's record: its token, and the version it last wrote, for the next
/// conditional write. Renewals and closing writes move it on; one invocation uses it from one flow at a time.
/// </summary>
public sealed class AlertClaim
{
    private readonly Lock _gate = new();
    private ETag _etag;
    private IDictionary<string, string> _metadata;
    private DateTimeOffset _leaseUntil;
    private long _leaseTimestamp;

    internal AlertClaim(string blobName, string token, ETag etag, IDictionary<string, string> metadata, int attempt, DateTimeOffset claimedAt, TimeSpan lease, long startedTimestamp)
    {
        BlobName = blobName;
        Token = token;
        _etag = etag;
        _metadata = metadata;
        Attempt = attempt;
        ClaimedAt = claimedAt;
        Lease = lease;
        _leaseUntil = claimedAt + lease;
        StartedTimestamp = startedTimestamp;
        _leaseTimestamp = startedTimestamp;
    }

    /// <summary>The record's blob name.</summary>
    public string BlobName { get; }

    /// <summary>This invocation's token, stored on the record with every write of the claim: how it recognises its own writes.</summary>
    public string Token { get; }

    /// <summary>The record version this claim last wrote; any other writer since means the claim is lost.</summary>
    public ETag ETag
    {
        get
        {
            lock (_gate)
            {
                return _etag;
            }
        }
    }

    /// <summary>Which claim of the alert this is (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>How many earlier claims of the alert ran out without being closed (a crashed or killed worker).</summary>
    public int Abandoned { get; init; }

    /// <summary>When the storage service stamped the claim write (its Last-Modified): the clock every worker judges the lease by.</summary>
    public DateTimeOffset ClaimedAt { get; }

    /// <summary>How long the lease runs from each write of the claim (the claim and every renewal).</summary>
    public TimeSpan Lease { get; }

    /// <summary>When the claim runs out unless renewed, on the storage service's clock.</summary>
    public DateTimeOffset LeaseUntil
    {
        get
        {
            lock (_gate)
            {
                return _leaseUntil;
            }
        }
    }

    /// <summary>
    /// This worker's <see cref="TimeProvider.GetTimestamp"/> taken before the claim write was sent: the lease runs at
    /// most from then, so a budget measured from it on the local clock ends before the service's lease, whatever the
    /// skew between the two clocks.
    /// </summary>
    public long StartedTimestamp { get; }

    /// <summary>As <see cref="StartedTimestamp"/>, for the last write that extended the lease (the claim or a renewal).</summary>
    public long LeaseTimestamp
    {
        get
        {
            lock (_gate)
            {
                return _leaseTimestamp;
            }
        }
    }

    /// <summary>When the first transient failure of the alert happened (service time), carried over from the record.</summary>
    public DateTimeOffset? FirstFailedAt { get; init; }

    // The full metadata set as last written: a metadata write replaces every key, so later writes start from it.
    internal IDictionary<string, string> Metadata
    {
        get
        {
            lock (_gate)
            {
                return _metadata;
            }
        }
    }

    // A write of this claim landed: the record is now at etag with these values.
    internal void Wrote(ETag etag, IDictionary<string, string> metadata)
    {
        lock (_gate)
        {
            _etag = etag;
            _metadata = metadata;
        }
    }

    // A renewal landed: the lease runs again from the service's stamp of it, and locally from before it was sent.
    internal void Renewed(ETag etag, IDictionary<string, string> metadata, DateTimeOffset modifiedAt, long startedTimestamp)
    {
        lock (_gate)
        {
            _etag = etag;
            _metadata = metadata;
            _leaseUntil = modifiedAt + Lease;
            _leaseTimestamp = startedTimestamp;
        }
    }
}
