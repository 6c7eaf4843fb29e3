using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CodatAlerts.Testing.Azurite;

/// <summary>
/// A real Azurite (blob and queue services) in memory on free loopback ports, started from the repository's pinned
/// npm install (<c>node_modules/.bin/azurite</c>, put there by <c>npm ci</c>). Each instance is private to its owner,
/// so a test may stop it to simulate an outage.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    // Azurite's well-known development account; not a secret (published in the Azurite docs).
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>How many times <see cref="StartAsync(CancellationToken)"/> tries free ports before it gives up.</summary>
    public const int StartAttempts = 3;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _tablePort;

    private AzuriteInstance(Process process, int blobPort, int queuePort)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    /// <summary>A connection string for this instance, in the form the Functions host and the SDK accept.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};";

    /// <summary>
    /// Starts Azurite on free ports and waits until it listens on all of them. A port found free can be taken before
    /// Azurite binds it (on a busy machine, by another process's listener or an outgoing connection's source port):
    /// Azurite then exits, and the start is tried again on other ports, at most <see cref="StartAttempts"/> times.
    /// </summary>
    public static Task<AzuriteInstance> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(FreePort, cancellationToken);

    /// <summary>As <see cref="StartAsync(CancellationToken)"/>, with the ports <paramref name="choosePort"/> picks (the start's own tests pick taken ones).</summary>
    public static async Task<AzuriteInstance> StartAsync(Func<int> choosePort, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(choosePort);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(choosePort(), choosePort(), choosePort(), cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Another attempt on other ports.
            }
        }
    }

    /// <summary>Starts Azurite on the given ports and waits until it listens on them; throws when it cannot.</summary>
    public static async Task<AzuriteInstance> StartAsync(int blobPort, int queuePort, int tablePort, CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var instance = new AzuriteInstance(process, blobPort, queuePort) { _tablePort = tablePort };
        process.OutputDataReceived += (_, e) => instance.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await instance.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>Stops Azurite: every later storage call fails to connect, as in an outage.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        // Readiness is a condition, not a delay: this process says it listens on all three ports (so a port another
        // process took in the meantime fails the start instead of handing its storage to this test run, and a table
        // port that cannot be bound, which makes Azurite exit after the other two listen, is seen before any test),
        // and blob and queue accept. The bound only turns a hang into a clear error.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!(SaysListening("Blob", BlobPort) && SaysListening("Queue", QueuePort) && SaysListening("Table", _tablePort)
            && await AcceptsAsync(BlobPort) && await AcceptsAsync(QueuePort)))
        {
            if (_process.HasExited || timeout.IsCancellationRequested)
            {
                string output;
                lock (_output)
                {
                    output = _output.ToString();
                }

                throw new InvalidOperationException($"Azurite did not start (exit: {(_process.HasExited ? _process.ExitCode : "none")}). Output:\n{output}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    private bool SaysListening(string service, int port)
    {
        lock (_output)
        {
            return _output.ToString().Contains($"Azurite {service} service is successfully listening at http://127.0.0.1:{port}", StringComparison.Ordinal);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_PATH") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", "azurite");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "Azurite is not installed: run 'npm ci' at the repository root (the README test command does), or set AZURITE_PATH.");
    }
}
