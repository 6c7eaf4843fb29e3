using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// A stand-in for Application Insights ingestion: a Node HTTP server (Node is there for Azurite) that reads every
/// request and answers 200, so the Azure Monitor exporter does all its real work (serialize, compress, send) without
/// the network and never falls back to its offline disk store. It runs in its own process, so the receiving side's
/// CPU is not charged to the worker, as it would not be in Azure.
/// </summary>
internal sealed class TelemetrySink : IDisposable
{
    private const string Script =
        "const n=+process.argv[1];require('http').createServer((q,s)=>{q.resume();q.on('end',()=>{" +
        "s.writeHead(200,{'content-type':'application/json'});s.end('{\"itemsReceived\":0,\"itemsAccepted\":0,\"errors\":[]}')})})" +
        ".listen(n,'127.0.0.1',()=>console.log('listening'))";

    private readonly Process _process;

    private TelemetrySink(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>An Application Insights connection string whose endpoints are this sink.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:{Port}/;LiveEndpoint=http://127.0.0.1:{Port}/");

    public static async Task<TelemetrySink> StartAsync()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for the telemetry sink.");
        var ready = await process.StandardOutput.ReadLineAsync();
        if (ready != "listening")
        {
            process.Kill();
            throw new InvalidOperationException("The telemetry sink did not start.");
        }

        return new TelemetrySink(process, port);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
