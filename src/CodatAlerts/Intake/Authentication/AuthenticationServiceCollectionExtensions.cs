using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Intake.Authentication;

/// <summary>Registers the authentication of incoming alerts. Binding <see cref="IntakeOptions"/> is the caller's.</summary>
public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IAlertAuthenticator"/>, the start-up validation of the credentials in <see cref="IntakeOptions"/>
    /// (effective with <c>ValidateOnStart</c> on the options), and <see cref="TimeProvider.System"/> unless a clock is
    /// already registered.
    /// </summary>
    public static IServiceCollection AddAlertAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAlertAuthenticator, AlertAuthenticator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());
        return services;
    }
}
