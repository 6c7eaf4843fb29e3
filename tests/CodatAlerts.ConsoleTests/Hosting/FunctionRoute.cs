using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CodatAlerts.ConsoleTests.Hosting;

/// <summary>
/// One HTTP-triggered function of the app, read from its attributes as the host reads them from
/// <c>functions.metadata</c>: name, methods and route (under the default <c>api/</c> prefix).
/// </summary>
internal sealed class FunctionRoute
{
    private readonly TemplateMatcher _matcher;
    private readonly MethodInfo _method;

    private FunctionRoute(string name, Type type, MethodInfo method, HttpTriggerAttribute trigger)
    {
        Name = name;
        Type = type;
        _method = method;
        Methods = trigger.Methods?.Select(m => m.ToUpperInvariant()).ToHashSet() ?? [];
        var template = TemplateParser.Parse("api/" + (trigger.Route ?? name));
        _matcher = new TemplateMatcher(template, new RouteValueDictionary());
        // Literal segments first, as the host's router prefers "operations/rerun" to "operations/{id}".
        Specificity = template.Segments.Count(s => s.Parts.All(p => p.IsLiteral)) * 100 - template.Segments.Count(s => s.Parts.Any(p => p.IsCatchAll));
    }

    public string Name { get; }

    public Type Type { get; }

    public IReadOnlySet<string> Methods { get; }

    public int Specificity { get; }

    /// <summary>Every HTTP function of the assembly that holds <paramref name="anchor"/>.</summary>
    public static IReadOnlyList<FunctionRoute> Discover(Type anchor) =>
        [.. from type in anchor.Assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            where function is not null
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(t => t is not null)
            where trigger is not null
            select new FunctionRoute(function.Name, type, method, trigger)];

    public bool TryMatch(string path, out RouteValueDictionary values)
    {
        values = new RouteValueDictionary();
        return _matcher.TryMatch(path, values);
    }

    /// <summary>Creates the function class from the app's services and calls it, binding parameters as the worker does.</summary>
    public async Task<HttpResponseData> InvokeAsync(IServiceProvider services, HttpRequestData request, RouteValueDictionary routeValues, CancellationToken cancellationToken)
    {
        var instance = ActivatorUtilities.CreateInstance(services, Type);
        var arguments = _method.GetParameters().Select<ParameterInfo, object?>(p => p.ParameterType switch
        {
            var t when t == typeof(HttpRequestData) => request,
            var t when t == typeof(CancellationToken) => cancellationToken,
            var t when t == typeof(FunctionContext) => request.FunctionContext,
            var t when t == typeof(string) => routeValues.TryGetValue(p.Name!, out var value) ? value?.ToString() : null,
            var t => throw new NotSupportedException($"{Name}: cannot bind parameter {p.Name} of type {t}."),
        }).ToArray();
        var result = _method.Invoke(instance, arguments);
        return result switch
        {
            Task<HttpResponseData> task => await task,
            HttpResponseData response => response,
            _ => throw new NotSupportedException($"{Name} does not return HttpResponseData."),
        };
    }
}
