using System.Net;
using System.Net.Sockets;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests;

/// <summary>
/// The tests' Azurite is ready only when it is this run's and all of it listens: a port another process holds fails
/// the start, and a start on free ports tries other ports.
/// </summary>
public sealed class AzuriteInstanceTests
{
    [Theory]
    [InlineData(1)] // The queue port: another listener accepts there, as a stray Azurite would.
    [InlineData(2)] // The table port: Azurite exits after blob and queue already listen.
    public async Task A_port_another_process_listens_on_fails_the_start_instead_of_lending_its_storage(int takenIndex)
    {
        // Arrange
        using var stranger = new TcpListener(IPAddress.Loopback, 0);
        stranger.Start();
        var ports = new[] { FreePort(), FreePort(), FreePort() };
        ports[takenIndex] = ((IPEndPoint)stranger.LocalEndpoint).Port;

        // Act
        var error = await Record.ExceptionAsync(async () => await (await AzuriteInstance.StartAsync(ports[0], ports[1], ports[2])).DisposeAsync());

        // Assert
        Assert.Contains("Azurite did not start", Assert.IsType<InvalidOperationException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_start_whose_port_was_taken_is_tried_again_on_other_ports()
    {
        // Arrange: the first attempt's table port is taken; later picks are free.
        using var stranger = new TcpListener(IPAddress.Loopback, 0);
        stranger.Start();
        var picks = 0;
        int Choose() => ++picks == 3 ? ((IPEndPoint)stranger.LocalEndpoint).Port : FreePort();

        // Act
        await using var instance = await AzuriteInstance.StartAsync(Choose);

        // Assert: a second attempt (three more picks), and it answers.
        Assert.Equal(6, picks);
        var client = new Azure.Storage.Queues.QueueServiceClient(instance.ConnectionString);
        Assert.NotNull((await client.GetPropertiesAsync()).Value);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
