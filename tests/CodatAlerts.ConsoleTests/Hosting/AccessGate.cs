using CodatAlerts.Functions.Access;
using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>What the worker's operator-access middleware does before a function runs.</summary>
internal static class AccessGate
{
    private static readonly HashSet<string> Public = ["ReceiveAlert", "ServeConsole"];

    public static Func<FunctionContext, HttpRequestData, Func<Task<HttpResponseData>>, Task<HttpResponseData>> For(IServiceProvider services) =>
        (context, request, next) =>
        {
            if (!Public.Contains(context.FunctionDefinition.Name))
            {
                context.SetOperator(new OperatorIdentity("loopback", null, OperatorRole.Operator, "loopback"));
            }

            return next();
        };
}
