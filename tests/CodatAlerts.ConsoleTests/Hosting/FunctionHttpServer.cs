using System.Net;
using CodatAlerts.Testing.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// Stands in for the Functions host's HTTP front end, which cannot run here: a Kestrel server on a free loopback port
/// that maps each request onto the app's real function class (found by its trigger's route and methods), created from
/// the app's real service provider, behind the same access gate the worker middleware applies. Counts requests by path.
/// </summary>
internal sealed class FunctionHttpServer : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly IReadOnlyList<FunctionRoute> _routes;
    private readonly IServiceProvider _services;
    private readonly Func<FunctionContext, HttpRequestData, Func<Task<HttpResponseData>>, Task<HttpResponseData>> _gate;
    private readonly List<string> _requests = [];

    private FunctionHttpServer(WebApplication web, IServiceProvider services, IReadOnlyList<FunctionRoute> routes, Func<FunctionContext, HttpRequestData, Func<Task<HttpResponseData>>, Task<HttpResponseData>> gate)
    {
        _web = web;
        _services = services;
        _routes = routes;
        _gate = gate;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>"METHOD /path?query" of every request served so far.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void ClearRequests()
    {
        lock (_requests)
        {
            _requests.Clear();
        }
    }

    public static async Task<FunctionHttpServer> StartAsync(
        IServiceProvider services,
        Type functionsAnchor,
        Func<FunctionContext, HttpRequestData, Func<Task<HttpResponseData>>, Task<HttpResponseData>> gate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var web = builder.Build();
        var server = new FunctionHttpServer(web, services, [.. FunctionRoute.Discover(functionsAnchor).OrderByDescending(r => r.Specificity)], gate);
        web.Run(server.HandleAsync);
        await web.StartAsync();
        server.BaseAddress = new Uri(web.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        lock (_requests)
        {
            _requests.Add($"{http.Request.Method} {rawTarget}");
        }

        var path = http.Request.Path.Value ?? "/";
        var matches = _routes.Select(r => (Route: r, Matched: r.TryMatch(path, out var values), Values: values)).Where(m => m.Matched).ToList();
        var match = matches.FirstOrDefault(m => m.Route.Methods.Contains(http.Request.Method.ToUpperInvariant()));
        if (match.Route is null)
        {
            http.Response.StatusCode = matches.Count > 0 ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
            return;
        }

        var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        body.Position = 0;
        await using var scope = _services.CreateAsyncScope();
        var context = FunctionContexts.For(match.Route.Name, scope.ServiceProvider);
        var request = new TestHttpRequestData(context, body, http.Request.Method, new Uri(BaseAddress, rawTarget));
        foreach (var (name, values) in http.Request.Headers)
        {
            request.Headers.Add(name, values.Select(v => v ?? string.Empty));
        }

        var response = await _gate(context, request, () => match.Route.InvokeAsync(scope.ServiceProvider, request, match.Values, http.RequestAborted));
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            http.Response.Headers.Append(header.Key, header.Value.ToArray());
        }

        if (response.StatusCode != HttpStatusCode.NotModified && response.Body.CanSeek)
        {
            response.Body.Position = 0;
            await response.Body.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }
}
