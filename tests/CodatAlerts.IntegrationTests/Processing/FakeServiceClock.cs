using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Makes Azurite's clock the test's fake clock: every blob response's <c>Date</c> is the fake time of the response, and
/// a version's <c>Last-Modified</c> the fake time its write was answered (remembered per ETag). The processing code
/// judges leases only by those two headers, so the fake clock drives the leases as the service's clock would, and a
/// worker's own <see cref="TimeProvider"/> can be skewed independently.
/// </summary>
internal sealed class FakeServiceClock(FakeTimeProvider time) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _versions = new(StringComparer.Ordinal);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Restamp(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Restamp(message);
    }

    private void Restamp(HttpMessage message)
    {
        // Error answers keep their own object: the SDK reads their error code through state a wrapper would lose,
        // and the processing code reads no time from them.
        if (message.Response.IsError)
        {
            return;
        }

        var now = time.GetUtcNow();
        var modified = message.Response.Headers.ETag is { } etag ? _versions.GetOrAdd(etag.ToString(), now) : (DateTimeOffset?)null;
        message.Response = new Restamped(message.Response, now, modified);
    }

    private sealed class Restamped(Response inner, DateTimeOffset date, DateTimeOffset? lastModified) : Response
    {
        public override int Status => inner.Status;

        public override string ReasonPhrase => inner.ReasonPhrase;

        public override Stream? ContentStream
        {
            get => inner.ContentStream;
            set => inner.ContentStream = value;
        }

        public override string ClientRequestId
        {
            get => inner.ClientRequestId;
            set => inner.ClientRequestId = value;
        }

        public override void Dispose() => inner.Dispose();

        protected override bool ContainsHeader(string name) => inner.Headers.Contains(name);

        protected override IEnumerable<HttpHeader> EnumerateHeaders() =>
            inner.Headers.Select(h => Rewrite(h.Name) is { } value ? new HttpHeader(h.Name, value) : h);

        protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
        {
            if (Rewrite(name) is { } rewritten && inner.Headers.Contains(name))
            {
                value = rewritten;
                return true;
            }

            return inner.Headers.TryGetValue(name, out value);
        }

        protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
        {
            if (TryGetHeader(name, out var value))
            {
                values = [value];
                return true;
            }

            values = null;
            return false;
        }

        private string? Rewrite(string name) => name.ToLowerInvariant() switch
        {
            "date" => date.ToString("R", CultureInfo.InvariantCulture),
            "last-modified" when lastModified is { } modified => modified.ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
