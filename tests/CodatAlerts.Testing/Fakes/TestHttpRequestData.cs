using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.Testing.Fakes;

/// <summary>A hand-written <see cref="HttpRequestData"/> (as in the worker's own tests): body, headers, URL, method.</summary>
public sealed class TestHttpRequestData(FunctionContext functionContext, Stream body, string method = "POST", Uri? url = null)
    : HttpRequestData(functionContext)
{
    public override Stream Body { get; } = body;

    public override HttpHeadersCollection Headers { get; } = [];

    public override IReadOnlyCollection<IHttpCookie> Cookies { get; } = [];

    public override Uri Url { get; } = url ?? new Uri("http://localhost:7071/api/alerts");

    public override IEnumerable<ClaimsIdentity> Identities { get; } = [];

    public override string Method { get; } = method;

    /// <summary>Runs when the function creates its response, once its outcome is decided (e.g. to cancel the invocation then).</summary>
    public Action? OnCreateResponse { get; init; }

    public override HttpResponseData CreateResponse()
    {
        OnCreateResponse?.Invoke();
        return new TestHttpResponseData(FunctionContext);
    }
}
