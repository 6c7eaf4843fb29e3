using System.ComponentModel.DataAnnotations;

namespace CodatAlerts.Intake;

/// <summary>
/// Settings of the HTTP intake, bound from the <c>Alerts</c> section (<c>Alerts__MaxBodyBytes</c>,
/// <c>Alerts__Clients__0__ClientId</c>, …) and validated at start-up.
/// </summary>
public sealed class IntakeOptions
{
    public const string SectionName = "Alerts";

    /// <summary>The largest body accepted; a larger one is answered 413. Default 256 KiB.</summary>
    [Range(1_024, LargestMaxBodyBytes, ErrorMessage = "Alerts__MaxBodyBytes must be between {1} and {2} bytes.")]
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The largest allowed <see cref="MaxBodyBytes"/>: 16 MiB, down from 100 MiB. The intake holds a body once, but the
    /// isolated worker also receives it in its gRPC message, so a request costs about twice its body; at 16 concurrent
    /// requests on a 2,048 MB instance, 100 MiB bodies would need ~3.2 GB and kill the worker (and with it every request
    /// in flight, answered 500 by the host), where 16 MiB need ~0.5 GB.
    /// </summary>
    public const int LargestMaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The <c>Retry-After</c> (seconds) sent with a 503. Codat's legacy sender retries 3 times within 2 minutes, so a
    /// value above 60 wastes its retries.
    /// </summary>
    [Range(1, 60, ErrorMessage = "Alerts__RetryAfterSeconds must be between {1} and {2}: Codat's legacy sender retries within 2 minutes.")]
    public int RetryAfterSeconds { get; set; } = 10;

    /// <summary>
    /// The Codat clients and their credentials. A list (not a map keyed by client ID) because Azure app-setting names on
    /// Linux cannot hold the hyphens of a GUID: <c>Alerts__Clients__0__ClientId</c>.
    /// </summary>
    public IList<ClientCredentialsOptions> Clients { get; } = [];

    /// <summary>Credentials for alerts whose <c>X-Codat-ClientId</c> is absent or not listed; none when null.</summary>
    public ClientCredentialsOptions? DefaultClient { get; set; }
}
