using System.Globalization;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>
/// Puts the app's own queue delays on the storage service's fake clock: a send with a visibility timeout (the
/// processor's retry and busy re-sends) goes to Azurite with <see cref="EmulatorQueueService.RealHold"/> instead, and
/// the service makes it visible when its fake clock reaches the delay the app asked for. Sends without a delay pass as
/// they are. Install it on the app's <c>QueueServiceClient</c>, per call (the query is signed after it).
/// </summary>
internal sealed class EmulatorDelayedSends(EmulatorQueueService service) : HttpPipelinePolicy
{
    private const string VisibilityParameter = "visibilitytimeout";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The app's queue calls are asynchronous.");

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var delay = DelayOf(message.Request);
        if (delay is null)
        {
            await ProcessNextAsync(message, pipeline);
            return;
        }

        SetDelay(message.Request, EmulatorQueueService.RealHold);
        await ProcessNextAsync(message, pipeline);
        if (message.Response.IsError)
        {
            return;
        }

        // <QueueMessagesList><QueueMessage><MessageId/>…<PopReceipt/>…</QueueMessage></QueueMessagesList>
        var sent = XDocument.Parse(message.Response.Content.ToString()).Descendants("QueueMessage").Single();
        var queueName = message.Request.Uri.Path.Trim('/').Split('/')[^2];
        service.Delayed(queueName, sent.Element("MessageId")!.Value, sent.Element("PopReceipt")!.Value, delay.Value);
    }

    // A send is a POST to /{queue}/messages; only a positive visibility timeout is a delay.
    private static TimeSpan? DelayOf(Request request)
    {
        if (request.Method != RequestMethod.Post || !request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return null;
        }

        var seconds = Parameter(request.Uri.Query);
        return seconds is > 0 ? TimeSpan.FromSeconds(seconds.Value) : null;
    }

    private static int? Parameter(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && parts[0] == VisibilityParameter)
            {
                return int.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static void SetDelay(Request request, TimeSpan delay)
    {
        var seconds = ((int)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        request.Uri.Query = string.Join('&', request.Uri.Query.TrimStart('?').Split('&')
            .Select(pair => pair.StartsWith(VisibilityParameter + "=", StringComparison.Ordinal) ? $"{VisibilityParameter}={seconds}" : pair));
    }
}
