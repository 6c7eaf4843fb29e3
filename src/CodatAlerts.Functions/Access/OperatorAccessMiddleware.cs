using CodatAlerts.Functions.Http;
using CodatAlerts.Operators;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Functions.Access;

/// <summary>
/// The operator access check, in front of every function: an HTTP-triggered function that is not public (see
/// <see cref="OperatorEndpoints"/>) runs only for a caller the <see cref="OperatorAccessPolicy"/> admits, who is then
/// available to it as <see cref="OperatorContext.GetOperator"/>. Operator functions are anonymous at the host, so this
/// is the only gate: a refusal is answered here and the function never starts.
/// </summary>
internal sealed class OperatorAccessMiddleware : IFunctionsWorkerMiddleware
{
    private readonly OperatorAccessPolicy _policy;
    private readonly ILogger<OperatorAccessMiddleware> _logger;
    private readonly Action<FunctionContext, HttpResponseData> _respond;

    public OperatorAccessMiddleware(OperatorAccessPolicy policy, ILogger<OperatorAccessMiddleware> logger)
        : this(policy, logger, static (context, response) => context.GetInvocationResult().Value = response)
    {
    }

    /// <summary>For tests: the worker's invocation result cannot be faked outside the worker, so the answer is handed over here.</summary>
    internal OperatorAccessMiddleware(OperatorAccessPolicy policy, ILogger<OperatorAccessMiddleware> logger, Action<FunctionContext, HttpResponseData> respond)
    {
        _policy = policy;
        _logger = logger;
        _respond = respond;
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!OperatorEndpoints.RequiresOperator(context.FunctionDefinition))
        {
            await next(context);
            return;
        }

        // Deny by default: an HTTP function whose request cannot be read is refused, not run unchecked.
        var request = await context.GetHttpRequestDataAsync()
            ?? throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' has an HTTP trigger but no request.");
        var refusal = await CheckAsync(context, request);
        if (refusal is null)
        {
            await next(context);
        }
        else
        {
            _respond(context, refusal);
        }
    }

    /// <summary>Admits the caller (recording it on <paramref name="context"/>) and returns null, or returns the refusal.</summary>
    internal async Task<HttpResponseData?> CheckAsync(FunctionContext context, HttpRequestData request)
    {
        var view = new OperatorRequest(request.Method, request.Url, new RequestHeaders(request.Headers), request.Identities);
        var decision = await _policy.DecideAsync(view, context.CancellationToken);
        var function = context.FunctionDefinition.Name;
        if (decision.Operator is { } caller)
        {
            AccessLog.Admitted(_logger, function, request.Method, caller.Name, caller.Role, caller.Method);
            context.SetOperator(caller);
            return null;
        }

        var refusal = decision.Refusal!;
        var status = (int)AccessResponses.Status(refusal.Kind);
        AccessLog.Refused(_logger, function, request.Method, status, refusal.Reason);
        return await AccessResponses.RefuseAsync(request, refusal);
    }
}
