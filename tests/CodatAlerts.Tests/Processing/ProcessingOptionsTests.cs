using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CodatAlerts.Processing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace CodatAlerts.Tests.Processing;

public sealed class ProcessingOptionsTests
{
    private static ServiceProvider Build(params KeyValuePair<string, string?>[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
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
        Assert.Equal(TimeSpan.FromMinutes(5), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromDays(30), options.PoisonTimeToLive);
        Assert.NotNull(services.GetRequiredService<AlertProcessor>());
        Assert.NotNull(services.GetRequiredService<CodatAlerts.Replay.PoisonReplayer>());
    }

    [Fact]
    public void Settings_are_read_from_the_processing_section()
    {
        // Arrange
        using var services = Build(new("Alerts:Processing:LeaseDuration", "00:02:00"), new("Alerts:Processing:ReplayScanLimit", "10"));

        // Act
        var options = services.GetRequiredService<IOptions<ProcessingOptions>>().Value;

        // Assert
        Assert.Equal((TimeSpan.FromMinutes(2), 10), (options.LeaseDuration, options.ReplayScanLimit));
    }

    [Theory]
    [InlineData("Alerts:Processing:LeaseDuration", "00:00:01")]
    [InlineData("Alerts:Processing:LeaseSafetyMargin", "00:06:00")]
    [InlineData("Alerts:Processing:ReplayScanLimit", "0")]
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
}
