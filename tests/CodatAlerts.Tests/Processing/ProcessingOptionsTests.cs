using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.Processing;
using CodatAlerts.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace CodatAlerts.Tests.Processing;

public sealed class ProcessingOptionsTests
{
    private static ServiceProvider Build(params KeyValuePair<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("AzureWebJobsStorage", "UseDevelopmentStorage=true"), .. settings])
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(new QueueServiceClient("UseDevelopmentStorage=true"))
            .AddSingleton(new BlobServiceClient("UseDevelopmentStorage=true"))
            .AddSingleton(Mock.Of<IAlertDispatcher>())
            .AddAlertProcessing(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public void The_defaults_are_valid_and_every_service_resolves()
    {
        // Arrange
        using var services = Build();

        // Act
        var options = services.GetRequiredService<IOptions<ProcessingOptions>>().Value;

        // Assert
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(40)), (options.LeaseDuration, options.LeaseRenewalInterval));
        Assert.Equal(TimeSpan.FromSeconds(270), options.DispatchTimeout);
        Assert.Equal(TimeSpan.FromHours(48), options.RetryHorizon);
        Assert.NotNull(services.GetRequiredService<AlertProcessor>());
        Assert.NotNull(services.GetRequiredService<CodatAlerts.Replay.PoisonReplayer>());
        Assert.NotNull(services.GetRequiredService<CodatAlerts.Replay.HostPoisonSweeper>());
        var storage = services.GetRequiredService<IOptions<ProcessingStorageOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(30), 5), (storage.TryTimeout, storage.MaxRetries));
    }

    [Fact]
    public void Processing_storage_gets_its_own_try_timeout_and_retries_not_the_intakes()
    {
        // Arrange
        using var services = Build(new("Alerts:Processing:Storage:TryTimeout", "00:00:45"), new("Alerts:Processing:Storage:MaxRetries", "7"));
        var retry = new BlobClientOptions().Retry;

        // Act
        ProcessingStorage.Apply(retry, services.GetRequiredService<IOptions<ProcessingStorageOptions>>().Value);

        // Assert
        Assert.Equal((TimeSpan.FromSeconds(45), 7), (retry.NetworkTimeout, retry.MaxRetries));
        Assert.NotNull(services.GetRequiredService<ProcessingStorage>());
    }

    [Fact]
    public void Retry_delays_double_from_the_initial_delay_and_stop_growing_at_the_cap()
    {
        // Arrange
        var options = new ProcessingOptions { RetryInitialDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(30) };

        // Act
        var delays = Enumerable.Range(1, 10).Append(int.MaxValue).Select(options.RetryDelay).ToList();

        // Assert
        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1_800, 1_800, 1_800, 1_800, 1_800],
            delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public void Settings_are_read_from_the_processing_section()
    {
        // Arrange
        using var services = Build(new("Alerts:Processing:LeaseDuration", "00:03:00"), new("Alerts:Processing:ReplayScanLimit", "10"));

        // Act
        var options = services.GetRequiredService<IOptions<ProcessingOptions>>().Value;

        // Assert
        Assert.Equal((TimeSpan.FromMinutes(3), 10), (options.LeaseDuration, options.ReplayScanLimit));
    }

    [Theory]
    [InlineData("Alerts:Processing:LeaseDuration", "00:00:01")]
    [InlineData("Alerts:Processing:LeaseSafetyMargin", "00:06:00")]
    [InlineData("Alerts:Processing:LeaseSafetyMargin", "00:01:30")] // Two-thirds of the default lease: no renewal would be tried first.
    [InlineData("Alerts:Processing:DispatchTimeout", "00:00:01")]
    [InlineData("Alerts:Processing:ReplayScanLimit", "0")]
    [InlineData("Alerts:Processing:RetryHorizon", "00:30:00")]
    [InlineData("Alerts:Processing:RetryInitialDelay", "00:40:00")]
    public void An_invalid_setting_stops_the_start_with_its_name(string key, string value)
    {
        // Arrange
        using var services = Build(new KeyValuePair<string, string?>(key, value));

        // Act
        var failure = Record.Exception(() => services.GetRequiredService<IOptions<ProcessingOptions>>().Value);

        // Assert
        var invalid = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(key.Split(':')[^1], invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alerts:Processing:Storage:TryTimeout", "00:00:00.100")]
    [InlineData("Alerts:Processing:Storage:MaxRetries", "11")]
    public void An_invalid_processing_storage_setting_stops_the_start_with_its_name(string key, string value)
    {
        // Arrange
        using var services = Build(new KeyValuePair<string, string?>(key, value));

        // Act
        var failure = Record.Exception(() => services.GetRequiredService<IOptions<ProcessingStorageOptions>>().Value);

        // Assert
        var invalid = Assert.IsType<OptionsValidationException>(failure);
        Assert.Contains(key.Replace(':', '_').Replace("_", "__", StringComparison.Ordinal).Split("__")[^1], invalid.Message, StringComparison.Ordinal);
    }
}
