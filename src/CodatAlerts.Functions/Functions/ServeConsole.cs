using System.Net;
using System.Text.Json;
using CodatAlerts.Functions.Console;
using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.Options;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// The operator console's shell (<c>GET /api/console/</c> and its files), public because it holds no data: every
/// data call it makes goes to the operator API, which checks the caller. Besides the embedded files it serves
/// <c>config.json</c>, the public settings the page needs (sign-in, trace link) (<see cref="ConsoleSettings"/>); anything else is a 404.
/// </summary>
public sealed class ServeConsole(IOptions<OperatorAccessOptions> options)
{
    private const string RoutePrefix = "/api/console";

    private readonly ConsoleSettings _settings = ConsoleSettings.From(options.Value);

    [Function(nameof(ServeConsole))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "console/{*path}")] HttpRequestData request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Url.AbsolutePath;
        var at = path.IndexOf(RoutePrefix, StringComparison.OrdinalIgnoreCase);
        var relative = at < 0 ? string.Empty : path[(at + RoutePrefix.Length)..].TrimStart('/');

        if (relative == ConsoleSettings.Path)
        {
            return await SettingsAsync(request);
        }

        // /api/console (no slash) is the shell too; its files are referenced by absolute paths, so both work.
        if (!ConsoleAssets.TryGet(relative, out var asset))
        {
            var missing = request.CreateResponse(HttpStatusCode.NotFound);
            ConsoleHeaders.Apply(missing.Headers, _settings.AuthorityOrigin);
            return missing;
        }

        var notModified = request.Headers.TryGetValues("If-None-Match", out var tags) && tags.Any(t => t.Contains(asset.ETag, StringComparison.Ordinal));
        var response = request.CreateResponse(notModified ? HttpStatusCode.NotModified : HttpStatusCode.OK);
        ConsoleHeaders.Apply(response.Headers, _settings.AuthorityOrigin);
        response.Headers.Add("ETag", asset.ETag);
        if (notModified)
        {
            return response;
        }

        response.Headers.Add("Content-Type", asset.ContentType);
        if (!request.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
        {
            await response.Body.WriteAsync(asset.Content);
        }

        return response;
    }

    private async Task<HttpResponseData> SettingsAsync(HttpRequestData request)
    {
        var response = request.CreateResponse(HttpStatusCode.OK);
        ConsoleHeaders.Apply(response.Headers, _settings.AuthorityOrigin);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        if (!request.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
        {
            await JsonSerializer.SerializeAsync(response.Body, _settings, ConsoleJsonContext.Default.ConsoleSettings, CancellationToken.None);
        }

        return response;
    }
}
