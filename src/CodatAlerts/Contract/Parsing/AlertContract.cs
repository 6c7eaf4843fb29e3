using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CodatAlerts.Contract.Parsing;

/// <summary>How one canonical rule type is read: its alert type and where its facts are.</summary>
internal abstract class AlertContract(RuleType ruleType)
{
    public RuleType RuleType { get; } = ruleType;

    public abstract Type AlertType { get; }

    /// <summary>Reads <paramref name="body"/>; throws <see cref="JsonException"/> when it does not fit the alert type.</summary>
    public abstract ParsedAlert Parse(ReadOnlySpan<byte> body, RuleTypeMatch match);
}

/// <summary>The contract of a rule type whose alerts are <typeparamref name="TAlert"/>.</summary>
internal sealed class AlertContract<TAlert>(
    RuleType ruleType,
    JsonTypeInfo<TAlert> typeInfo,
    Func<TAlert, RuleTypeMatch, AlertFacts> factsOf) : AlertContract(ruleType)
    where TAlert : class
{
    public override Type AlertType => typeof(TAlert);

    public override ParsedAlert Parse(ReadOnlySpan<byte> body, RuleTypeMatch match)
    {
        var alert = JsonSerializer.Deserialize(body, typeInfo)
            ?? throw new JsonException("The body is the JSON literal null.");
        return new ParsedAlert<TAlert>(match, factsOf(alert, match), alert);
    }
}
