using CodatAlerts.Intake;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Functions.Http;

/// <summary>The worker's header collection seen through the library's <see cref="IRequestHeaders"/>.</summary>
internal sealed class RequestHeaders(HttpHeadersCollection headers) : IRequestHeaders
{
    public IReadOnlyList<string> GetValues(string name) =>
        headers.TryGetValues(name, out var values) ? [.. values] : [];
}
