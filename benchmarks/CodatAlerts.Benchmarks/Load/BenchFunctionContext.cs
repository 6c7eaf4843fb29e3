using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Benchmarks.Load;

/// <summary>
/// The smallest <see cref="FunctionContext"/> the HTTP function needs (its request creates the response through it).
/// Hand-written rather than mocked: a Moq proxy would add its own CPU to every measured request.
/// </summary>
internal sealed class BenchFunctionContext(IServiceProvider services) : FunctionContext
{
    public override string InvocationId => "load-run";

    public override string FunctionId => "load-run";

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();
}
