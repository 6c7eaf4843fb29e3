using Microsoft.Azure.Functions.Worker;
using Moq;

namespace CodatAlerts.Testing.Fakes;

/// <summary><see cref="FunctionContext"/> mocks for invoking function classes without a host.</summary>
public static class FunctionContexts
{
    /// <summary>A context for the named function whose services come from <paramref name="services"/>.</summary>
    public static FunctionContext For(string functionName, IServiceProvider? services = null)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns(functionName);

        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InvocationId).Returns(Guid.NewGuid().ToString());
        context.SetupGet(c => c.FunctionId).Returns(functionName);
        context.SetupProperty(c => c.InstanceServices, services ?? EmptyServices.Instance);
        context.SetupGet(c => c.CancellationToken).Returns(CancellationToken.None);
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());
        return context.Object;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
