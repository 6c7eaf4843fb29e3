using CodatAlerts.DependencyInjection;
using CodatAlerts.Functions.Functions;
using CodatAlerts.Intake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Tests.Configuration;

/// <summary>A bad configuration stops the app at start-up with a message that names the setting, never at the first alert.</summary>
public sealed class StartupValidationTests
{
    private const string Storage = "UseDevelopmentStorage=true";

    [Fact]
    public async Task A_complete_configuration_starts_and_resolves_every_function()
    {
        // Arrange
        using var host = Host(new()
        {
            ["AzureWebJobsStorage"] = Storage,
            ["Alerts:Clients:0:ClientId"] = "bae71d36-ff47-420a-b4a6-f8c9ddf41140",
            ["Alerts:Clients:0:Authorization:0"] = "Bearer abc",
        });

        // Act
        await host.StartAsync();

        // Assert
        Assert.NotNull(ActivatorUtilities.CreateInstance<ReceiveAlert>(host.Services));
        await host.StopAsync();
    }

    [Theory]
    [InlineData(null, "Bearer abc", "AzureWebJobsStorage")]
    [InlineData(Storage, "Token abc", "Alerts__Clients__0__Authorization__0")]
    [InlineData(Storage, "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/codat)", "Alerts__Clients__0__Authorization__0")]
    public async Task A_missing_or_malformed_setting_stops_the_start_and_is_named(string? storage, string authorization, string named)
    {
        // Arrange
        using var host = Host(new()
        {
            ["AzureWebJobsStorage"] = storage,
            ["Alerts:Clients:0:ClientId"] = "bae71d36-ff47-420a-b4a6-f8c9ddf41140",
            ["Alerts:Clients:0:Authorization:0"] = authorization,
        });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(named, validation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_clients_sharing_a_signing_secret_stop_the_start_naming_both_settings_never_the_secret()
    {
        // Arrange
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        using var host = Host(new()
        {
            ["AzureWebJobsStorage"] = Storage,
            ["Alerts:Clients:0:ClientId"] = "bae71d36-ff47-420a-b4a6-f8c9ddf41140",
            ["Alerts:Clients:0:SigningSecrets:0"] = secret,
            ["Alerts:Clients:1:ClientId"] = "5c7c2b2e-91d4-4a35-8a39-0d7a3e0f6b11",
            ["Alerts:Clients:1:SigningSecrets:0"] = secret,
        });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(
            "Alerts__Clients__1__SigningSecrets__0 is the same signing secret as Alerts__Clients__0__SigningSecrets__0",
            validation.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_id_outside_the_safe_character_set_stops_the_start_and_is_named()
    {
        // Arrange
        using var host = Host(new()
        {
            ["AzureWebJobsStorage"] = Storage,
            ["Alerts:Clients:0:ClientId"] = "bae71d36 ff47/420a",
            ["Alerts:Clients:0:Authorization:0"] = "Bearer abc",
        });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Alerts__Clients__0__ClientId must be 1 to 64 characters", validation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", validation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alerts:MaxBodyBytes", "12")]
    [InlineData("Alerts:RetryAfterSeconds", "600")]
    [InlineData("Alerts:Queueing:EnqueueBudget", "00:01:00")]
    public async Task An_out_of_range_number_stops_the_start_and_is_named(string key, string value)
    {
        // Arrange
        using var host = Host(new()
        {
            ["AzureWebJobsStorage"] = Storage,
            [key] = value,
        });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        var validation = Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal), validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_setting_names_with_double_underscores_bind_as_documented()
    {
        // Arrange: the form Azure and local.settings.json use, through environment variables.
        var prefix = $"CODAT_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Alerts__Clients__0__ClientId", "bae71d36-ff47-420a-b4a6-f8c9ddf41140");
        Environment.SetEnvironmentVariable(prefix + "Alerts__Clients__0__Partition", "6");
        Environment.SetEnvironmentVariable(prefix + "Alerts__Clients__0__Authorization__0", "Bearer abc");
        Environment.SetEnvironmentVariable(prefix + "Alerts__MaxBodyBytes", "4096");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            using var services = new ServiceCollection().AddLogging().AddCodatAlerts(configuration).BuildServiceProvider();

            // Act
            var options = services.GetRequiredService<IOptions<IntakeOptions>>().Value;

            // Assert
            Assert.Equal(4096, options.MaxBodyBytes);
            var client = Assert.Single(options.Clients);
            Assert.Equal(6, client.Partition);
            Assert.Equal(["Bearer abc"], client.Authorization);
        }
        finally
        {
            foreach (var key in new[] { "Alerts__Clients__0__ClientId", "Alerts__Clients__0__Partition", "Alerts__Clients__0__Authorization__0", "Alerts__MaxBodyBytes" })
            {
                Environment.SetEnvironmentVariable(prefix + key, null);
            }
        }
    }

    [Fact]
    public async Task The_local_settings_sample_starts_as_it_is()
    {
        // Arrange: the values Core Tools would export from local.settings.json, in their documented form.
        var sample = Path.Combine(RepositoryRoot(), "local.settings.sample.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sample));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        using var host = Host(settings);

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        Assert.Null(error);
        await host.StopAsync();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodatFunctions.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCodatAlerts(builder.Configuration);
        return builder.Build();
    }
}
