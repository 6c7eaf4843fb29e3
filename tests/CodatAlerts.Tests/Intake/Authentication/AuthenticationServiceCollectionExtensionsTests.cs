using CodatAlerts.Intake;
using CodatAlerts.Intake.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>The registration the Functions app calls, with options bound from app settings as the host binds them.</summary>
public sealed class AuthenticationServiceCollectionExtensionsTests
{
    private static ServiceProvider BuildProvider(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
            services.AddSingleton(time);
        services.AddOptions<IntakeOptions>().Bind(AppSettings.ToConfiguration(settings).GetSection(IntakeOptions.SectionName));
        services.AddAlertAuthentication();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddAlertAuthentication_authenticates_with_credentials_bound_from_app_settings()
    {
        // Arrange
        using var provider = BuildProvider(AppSettings.Valid(), ClockAtVector());
        var authenticator = provider.GetRequiredService<IAlertAuthenticator>();
        var headers = SignedHeaders(VectorSignature).With("Authorization", BearerOne);

        // Act
        var result = authenticator.Authenticate(ClientA, headers, Body);

        // Assert
        Assert.Equal(AuthenticationStatus.Authenticated, result.Status);
        Assert.Equal(AuthenticationReasons.AuthorizationAndSignatureVerified, result.Reason);
    }

    [Fact]
    public void AddAlertAuthentication_keeps_a_clock_registered_before_it()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        using var provider = BuildProvider([], clock);

        // Act
        var registered = provider.GetRequiredService<TimeProvider>();

        // Assert
        Assert.Same(clock, registered);
    }

    [Fact]
    public void AddAlertAuthentication_uses_the_system_clock_by_default_and_one_authenticator_throughout()
    {
        // Arrange
        using var provider = BuildProvider([]);

        // Act
        var first = provider.GetRequiredService<IAlertAuthenticator>();
        var second = provider.GetRequiredService<IAlertAuthenticator>();

        // Assert
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.Same(first, second);
    }

    [Fact]
    public void AddAlertAuthentication_makes_invalid_credentials_fail_with_the_setting_named()
    {
        // Arrange
        var settings = AppSettings.Valid();
        settings["Alerts__Clients__1__Authorization__1"] = "Bearer";
        using var provider = BuildProvider(settings);

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<IntakeOptions>>().Value);

        // Assert
        Assert.Contains("Alerts__Clients__1__Authorization__1", error.Message, StringComparison.Ordinal);
    }
}
