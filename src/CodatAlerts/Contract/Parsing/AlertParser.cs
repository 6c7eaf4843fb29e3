using System.Text.Json;

namespace CodatAlerts.Contract.Parsing;

/// <summary>Reads a raw Codat body as the typed alert of its canonical rule type.</summary>
public static class AlertParser
{
    /// <summary>Parses <paramref name="body"/> as the alert type of <paramref name="match"/>.</summary>
    /// <param name="match">The canonical rule type (from <see cref="RuleTypes.Resolve"/>) and its qualifier.</param>
    /// <param name="shape">The shape the classifier saw. A legacy-shaped body for a deprecated event type
    /// (reference §0.3) resolves to a legacy rule type, so it is read as legacy.</param>
    /// <param name="body">The exact bytes received (UTF-8 JSON, as far as the sender kept to it).</param>
    /// <exception cref="AlertFormatException">The body is not JSON, holds a string that is not valid UTF-8 (or a lone
    /// surrogate escape) where the alert type reads it, has an identifying key twice, does not fit the alert type (a
    /// field of a type that cannot be coerced, <c>Data</c> or <c>payload</c> not an object), or its shape is not the one
    /// Codat sends for the rule type.</exception>
    public static ParsedAlert Parse(RuleTypeMatch match, AlertShape shape, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(match);

        var ruleType = match.RuleType;
        var contract = AlertContracts.For(ruleType)
            ?? throw new AlertFormatException($"Rule type {ruleType} has no alert contract.");
        if (shape != ruleType.Shape)
        {
            throw new AlertFormatException(
                $"A {Describe(shape)} was delivered for {ruleType}, which Codat sends as a {Describe(ruleType.Shape)}.");
        }

        // The intake refuses these; a body queued by an older build is refused here the same way, so the handled alert
        // can never be read from another copy of a key than the one its dedup key came from.
        if (AlertClassifier.FindDuplicateKey(body) is { } duplicate)
        {
            throw new AlertFormatException($"The body is not a valid {ruleType} {Describe(shape)}: {duplicate.Detail}");
        }

        try
        {
            return contract.Parse(body, match);
        }
        catch (JsonException ex)
        {
            // JsonException names the path, line and byte position, never the value. The serializer also reports here
            // a string it cannot decode (invalid UTF-8, a lone surrogate escape), which the intake kept byte-exact.
            throw new AlertFormatException($"The body is not a valid {ruleType} {Describe(shape)}: {ex.Message}", ex);
        }
    }

    /// <summary>Whether <paramref name="type"/> is the alert type of some rule type, i.e. a type handlers can receive.</summary>
    public static bool IsAlertType(Type type) => AlertContracts.IsAlertType(type);

    private static string Describe(AlertShape shape) => shape == AlertShape.Legacy ? "legacy alert" : "event envelope";
}
