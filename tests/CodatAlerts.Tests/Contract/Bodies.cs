using System.Text;
using System.Text.Json.Nodes;
using CodatAlerts.Contract;
using CodatAlerts.Contract.Parsing;

namespace CodatAlerts.Tests.Contract;

/// <summary>Classifies and parses bodies as the processor would, and rewrites samples for variations.</summary>
internal static class Bodies
{
    /// <summary>Classifies <paramref name="body"/> like the intake, then parses it for the rule type found.</summary>
    public static ParsedAlert Parse(string body)
    {
        var classification = Classify(body);
        Assert.NotNull(classification.Match);
        return AlertParser.Parse(classification.Match, classification.Shape, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Parses <paramref name="body"/> and asserts the alert type.</summary>
    public static ParsedAlert<TAlert> Parse<TAlert>(string body)
        where TAlert : class =>
        Assert.IsType<ParsedAlert<TAlert>>(Parse(body));

    /// <summary>The typed alert of <paramref name="parsed"/>, whatever its type.</summary>
    public static object AlertOf(ParsedAlert parsed) => parsed.Accept(new AlertVisitor());

    public static AlertClassification Classify(string body)
    {
        var ok = AlertClassifier.TryClassify(Encoding.UTF8.GetBytes(body), webhookId: null, out var classification, out var error);
        Assert.True(ok, error?.Detail);
        return classification!;
    }

    /// <summary>A copy of <paramref name="body"/> with <paramref name="edit"/> applied to its JSON.</summary>
    public static string Edit(string body, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(body)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    private sealed class AlertVisitor : IParsedAlertVisitor<object>
    {
        public object Visit<TAlert>(ParsedAlert<TAlert> alert)
            where TAlert : class => alert.Alert;
    }
}
