using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Records;

/// <summary>Counts the requests a blob client really sends, by kind, so a test can hold an endpoint to its cost.</summary>
internal sealed class RequestCounter : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Find Blobs by Tags calls.</summary>
    public int IndexCalls => _counts.GetValueOrDefault("find");

    /// <summary>Get Blob Properties calls.</summary>
    public int PropertyReads => _counts.GetValueOrDefault("HEAD");

    /// <summary>Every request.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>A blob client over <paramref name="azurite"/> whose requests this counter counts.</summary>
    public BlobServiceClient Client(AzuriteFixture azurite)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(this, HttpPipelinePosition.PerRetry);
        return new BlobServiceClient(azurite.ConnectionString, options);
    }

    public void Reset() => _counts.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        var query = message.Request.Uri.Query;
        var kind = query.Contains("comp=blobs", StringComparison.Ordinal) ? "find" : message.Request.Method.Method;
        _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
    }
}
