using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace CodatAlerts.Operators;

/// <summary>Registers the operator access policy and its options (validated at start-up).</summary>
public static class OperatorAccessServiceCollectionExtensions
{
    public static IServiceCollection AddOperatorAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OperatorAccessOptions>()
            .Bind(configuration.GetSection(OperatorAccessOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorAccessOptions>, OperatorAccessOptionsValidator>());

        services.TryAddSingleton(_ => PlatformSignals.From(Environment.GetEnvironmentVariable));
        services.TryAddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(sp =>
            new ConfigurationManager<OpenIdConnectConfiguration>(
                EntraTokenValidator.MetadataAddress(sp.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.EntraId),
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = true }));
        services.TryAddSingleton(sp => new OperatorAccessPolicy(
            sp.GetRequiredService<IOptions<OperatorAccessOptions>>(),
            sp.GetRequiredService<PlatformSignals>(),
            sp.GetRequiredService<IOptions<OperatorAccessOptions>>().Value.EntraId.IsConfigured
                ? new EntraTokenValidator(
                    sp.GetRequiredService<IOptions<OperatorAccessOptions>>(),
                    sp.GetRequiredService<IConfigurationManager<OpenIdConnectConfiguration>>())
                : null));
        return services;
    }
}
