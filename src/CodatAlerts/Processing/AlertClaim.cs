using Azure;

namespace CodatAlerts.Processing;

/// <summary>A claim this worker holds on an alert's record: the version it wrote, for the closing conditional write.</summary>
public sealed class AlertClaim
{
    internal AlertClaim(string blobName, ETag etag, IDictionary<string, string> metadata, int attempt, DateTimeOffset leaseUntil)
    {
        BlobName = blobName;
        ETag = etag;
        Metadata = metadata;
        Attempt = attempt;
        LeaseUntil = leaseUntil;
    }

    /// <summary>The record's blob name.</summary>
    public string BlobName { get; }

    /// <summary>The record version this claim wrote; any other writer since means the claim is lost.</summary>
    public ETag ETag { get; }

    /// <summary>Which claim of the alert this is (1 for the first).</summary>
    public int Attempt { get; }

    /// <summary>When the claim runs out and another worker may take the alert.</summary>
    public DateTimeOffset LeaseUntil { get; }

    // The full metadata set as written: a metadata write replaces every key, so closing writes start from it.
    internal IDictionary<string, string> Metadata { get; }
}
