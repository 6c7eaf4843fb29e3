using System.Net;
using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Listening;

/// <summary>How <c>codat-sim listen</c> serves.</summary>
/// <param name="Prefix">The <see cref="HttpListener"/> prefix, such as <c>http://localhost:5005/</c>.</param>
/// <param name="Status">The status every request is answered with.</param>
/// <param name="Verifier">Checks signatures when a signing secret was given.</param>
/// <param name="Brief">One line per request instead of headers and body (for load runs).</param>
internal sealed record ListenerSettings(string Prefix, int Status, StandardWebhookSigner? Verifier, bool Brief);
