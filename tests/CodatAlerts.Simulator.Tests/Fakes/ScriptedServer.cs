using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CodatAlerts.Simulator.Tests.Fakes;

/// <summary>
/// A real HTTP server on a free loopback port that answers requests with a scripted sequence (then 202) and records
/// every request it gets, for testing the sender over the wire.
/// </summary>
public sealed class ScriptedServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ScriptedAnswer> _script;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _releaseHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _received = new(0);

    private ScriptedServer(IEnumerable<ScriptedAnswer> script)
    {
        _script = new ConcurrentQueue<ScriptedAnswer>(script);
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _ = ServeAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>The endpoint the sender is pointed at.</summary>
    public Uri Url => new(BaseUrl, "alerts");

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static ScriptedServer Start(params ScriptedAnswer[] script) => new(script);

    /// <summary>Waits (in real time, with a hang guard) until the next request has arrived.</summary>
    public async Task NextRequestArrivedAsync()
    {
        if (!await _received.WaitAsync(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException("The sender sent no request.");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _releaseHeld.TrySetResult();
        _listener.Close();
        _stop.Dispose();
        _received.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(context);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.OfType<string>()
            .ToDictionary(key => key, key => context.Request.Headers[key]!, StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
        _received.Release();

        var answer = _script.TryDequeue(out var next) ? next : ScriptedAnswer.Status(202);
        if (answer.Holds)
        {
            await _releaseHeld.Task;
            return;
        }

        try
        {
            context.Response.StatusCode = answer.StatusCode;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.Close();
        }
        catch (HttpListenerException)
        {
            // The sender gave up on this request.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

/// <summary>One scripted answer.</summary>
public sealed record ScriptedAnswer(int StatusCode, IReadOnlyDictionary<string, string> Headers, bool Holds = false)
{
    public static ScriptedAnswer Status(int statusCode) => new(statusCode, new Dictionary<string, string>());

    public static ScriptedAnswer RetryAfter(int statusCode, string retryAfter) =>
        new(statusCode, new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    public static ScriptedAnswer Redirect(int statusCode, string location) =>
        new(statusCode, new Dictionary<string, string> { ["Location"] = location });

    /// <summary>Never answers (until the server is disposed): for attempt timeouts.</summary>
    public static ScriptedAnswer NoAnswer() => new(0, new Dictionary<string, string>(), Holds: true);
}

/// <summary>One request as the server received it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
