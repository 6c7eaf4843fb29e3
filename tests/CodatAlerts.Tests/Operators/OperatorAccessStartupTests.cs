using CodatAlerts.DependencyInjection;
using CodatAlerts.Operators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Tests.Operators;

/// <summary>Operator access settings are checked at start-up, so half a configuration never silently means "loopback only".</summary>
public sealed class OperatorAccessStartupTests
{
    [Theory]
    [InlineData("6f1b6c3e-0d5f-4f55-9a0e-1c2b3d4e5f60", null, "Set both")]
    [InlineData(null, "0b7e9d2a-8c1f-4e3d-b5a6-7f8091a2b3c4", "Set both")]
    [InlineData("contoso.onmicrosoft.com", "0b7e9d2a-8c1f-4e3d-b5a6-7f8091a2b3c4", "Operators__EntraId__TenantId")]
    [InlineData("6f1b6c3e-0d5f-4f55-9a0e-1c2b3d4e5f60", "api://codat-alerts", "Operators__EntraId__ClientId")]
    public async Task Half_or_malformed_entra_settings_stop_the_start_and_are_named(string? tenant, string? client, string named)
    {
        // Arrange
        using var host = Host(new() { ["Operators:EntraId:TenantId"] = tenant, ["Operators:EntraId:ClientId"] = client });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        Assert.Contains(named, Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://login.microsoftonline.com/")]
    [InlineData("https://login.microsoftonline.com")]
    public async Task An_instance_that_is_not_https_with_a_trailing_slash_stops_the_start(string instance)
    {
        // Arrange
        using var host = Host(new()
        {
            ["Operators:EntraId:TenantId"] = TestTenant.TenantId,
            ["Operators:EntraId:ClientId"] = TestTenant.ClientId,
            ["Operators:EntraId:Instance"] = instance,
        });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        Assert.Contains("Operators__EntraId__Instance", Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)//{traceId}")]
    [InlineData("http://portal.example/trace/{traceId}")]
    [InlineData("https://portal.example/trace")]
    [InlineData("/trace/{traceId}")]
    public async Task A_trace_link_template_that_is_not_https_with_the_placeholder_stops_the_start(string template)
    {
        // Arrange: the console renders it as a link, so nothing else may reach a page.
        using var host = Host(new() { ["Operators:TraceLinkTemplate"] = template });

        // Act
        var error = await Record.ExceptionAsync(() => host.StartAsync());

        // Assert
        Assert.Contains("Operators__TraceLinkTemplate", Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_https_trace_link_template_with_the_placeholder_starts()
    {
        using var host = Host(new() { ["Operators:TraceLinkTemplate"] = "https://portal.example/#trace/{traceId}" });

        await host.StartAsync();

        Assert.Equal("https://portal.example/#trace/{traceId}", host.Services.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.TraceLinkTemplate);
        await host.StopAsync();
    }

    [Fact]
    public async Task Complete_entra_settings_start_and_bearer_tokens_reach_the_validator()
    {
        // Arrange
        using var host = Host(new()
        {
            ["Operators:EntraId:TenantId"] = TestTenant.TenantId,
            ["Operators:EntraId:ClientId"] = TestTenant.ClientId,
            ["Operators:AllowFunctionKeys"] = "true",
        });
        await host.StartAsync();
        var policy = host.Services.GetRequiredService<OperatorAccessPolicy>();

        // Act
        var decision = await policy.DecideAsync(Requests.Get(("Authorization", "Bearer not-a-jwt")), CancellationToken.None);

        // Assert
        Assert.Equal("token malformed", decision.Refusal!.Reason);
        Assert.True(host.Services.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.AllowFunctionKeys);
        await host.StopAsync();
    }

    [Fact]
    public async Task No_operator_settings_start_with_function_keys_off_and_tokens_refused()
    {
        // Arrange
        using var host = Host(new());
        await host.StartAsync();

        // Act
        var decision = await host.Services.GetRequiredService<OperatorAccessPolicy>()
            .DecideAsync(Requests.Get(("Authorization", "Bearer not-a-jwt")), CancellationToken.None);

        // Assert
        Assert.Equal("entra id not configured", decision.Refusal!.Reason);
        Assert.False(host.Services.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.AllowFunctionKeys);
        await host.StopAsync();
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        settings["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCodatAlerts(builder.Configuration);
        builder.Services.AddOperatorAccess(builder.Configuration);
        return builder.Build();
    }
}
