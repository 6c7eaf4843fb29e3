using System.Globalization;
using System.Net;
using System.Text;
using CodatAlerts.Simulator.Delivery;
using CodatAlerts.Simulator.Output;

namespace CodatAlerts.Simulator.Listening;

/// <summary>
/// A tiny receiver for checking the sender by hand: prints each request (headers that matter, secrets masked, and
/// the body), checks the signature when it knows the secret, and answers a fixed status.
/// </summary>
internal sealed class AlertListener(ListenerSettings settings, ConsoleOutput output)
{
    private long _received;

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (Ctrl+C).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add(settings.Prefix);
        listener.Start();
        output.Listening(settings.Prefix, settings.Status);
        using var stop = cancellationToken.Register(listener.Stop);
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException && cancellationToken.IsCancellationRequested)
            {
                break;
            }

            // Answer requests concurrently, so a load run against the listener measures the sender, not a queue here.
            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var sequence = Interlocked.Increment(ref _received);
        try
        {
            var request = context.Request;
            using var buffer = new MemoryStream();
            await request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();

            var headers = HeaderMask.Shown
                .Where(name => request.Headers[name] is not null)
                .Select(name => (name, HeaderMask.Mask(name, request.Headers[name]!)))
                .ToList();

            // The path only: a query may carry a function key (?code=...).
            output.Received(
                new ReceivedRequest(sequence, request.HttpMethod, request.Url?.AbsolutePath ?? "/", headers, Encoding.UTF8.GetString(body), Check(request.Headers, body), settings.Status),
                settings.Brief);

            // Printed before answering, so whoever gets the answer knows the request is on screen.
            context.Response.StatusCode = settings.Status;
            context.Response.Close();
        }
        catch (HttpListenerException e)
        {
            // The sender went away mid-request (for instance its 15 s timeout fired); nothing to answer.
            output.Error(string.Create(CultureInfo.InvariantCulture, $"request #{sequence} broke off: {e.Message}"));
        }
    }

    private SignatureCheck Check(System.Collections.Specialized.NameValueCollection headers, byte[] body)
    {
        if (settings.Verifier is not { } verifier)
        {
            return SignatureCheck.NotChecked;
        }

        var id = headers["webhook-id"] ?? headers["svix-id"];
        var timestamp = headers["webhook-timestamp"] ?? headers["svix-timestamp"];
        var signature = headers["webhook-signature"] ?? headers["svix-signature"];
        if (id is null || signature is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Missing;
        }

        return verifier.Verifies(id, seconds, body, signature) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }
}
