using System.Net;
using System.Net.Sockets;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests;

/// <summary>The tests' Azurite is ready only when it is this run's: a port another process holds fails the start.</summary>
public sealed class AzuriteInstanceTests
{
    [Fact]
    public async Task A_queue_port_another_process_listens_on_fails_the_start_instead_of_lending_its_storage()
    {
        // Arrange: something else listens on the queue port (it accepts connections, as a stray Azurite would).
        using var stranger = new TcpListener(IPAddress.Loopback, 0);
        stranger.Start();
        var taken = ((IPEndPoint)stranger.LocalEndpoint).Port;
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var blobPort = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();

        // Act
        var error = await Record.ExceptionAsync(async () => await (await AzuriteInstance.StartAsync(blobPort, taken)).DisposeAsync());

        // Assert
        Assert.Contains("Azurite did not start", Assert.IsType<InvalidOperationException>(error).Message, StringComparison.Ordinal);
    }
}
