using System.Text.Json;

namespace CodatAlerts.IntegrationTests.Build;

/// <summary>
/// The <c>runtimeconfig.json</c> the Functions app is built with, which the host's <c>dotnet</c> worker process starts
/// under: the runtime settings the app's CPU figures depend on (docs/performance.md) must ship in it.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void Idle_thread_pool_workers_sleep_without_spinning_first()
    {
        // Arrange
        var path = Path.Combine(AppContext.BaseDirectory, "CodatAlerts.Functions.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));

        // Act
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // Assert
        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var spinLimit), $"{path} does not set the spin limit.");
        Assert.Equal(0, spinLimit.GetInt32());
    }
}
