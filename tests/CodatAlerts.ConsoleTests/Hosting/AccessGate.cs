using CodatAlerts.Functions.Access;
using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// The app's operator access middleware, applied as the worker applies it: the public functions run unchecked, every
/// other one only for a caller the real policy admits (who is then on the context), else the refusal is the answer.
/// </summary>
internal static class AccessGate
{
    public static Func<FunctionContext, HttpRequestData, Func<Task<HttpResponseData>>, Task<HttpResponseData>> For(IServiceProvider services)
    {
        var middleware = new OperatorAccessMiddleware(
            services.GetRequiredService<OperatorAccessPolicy>(), services.GetRequiredService<ILogger<OperatorAccessMiddleware>>());
        return async (context, request, next) =>
            OperatorEndpoints.Public.Contains(context.FunctionDefinition.Name)
                ? await next()
                : await middleware.CheckAsync(context, request) ?? await next();
    }
}
