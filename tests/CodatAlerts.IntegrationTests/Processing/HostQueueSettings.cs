using System.Globalization;
using System.Text.Json;

namespace CodatAlerts.IntegrationTests.Processing;

/// <summary>The queue settings of the repository's real <c>host.json</c>, so the emulated host follows the configuration.</summary>
internal sealed record HostQueueSettings(int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout)
{
    public static HostQueueSettings Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FindHostJson()));
        var queues = document.RootElement.GetProperty("extensions").GetProperty("queues");
        return new HostQueueSettings(
            queues.GetProperty("batchSize").GetInt32(),
            queues.GetProperty("newBatchThreshold").GetInt32(),
            queues.GetProperty("maxDequeueCount").GetInt32(),
            TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture));
    }

    private static string FindHostJson()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodatFunctions.sln")))
            {
                return Path.Combine(dir.FullName, "host.json");
            }
        }

        throw new InvalidOperationException("The repository root (CodatFunctions.sln) is not above the test assembly.");
    }
}
