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
    /// <exception cref="AlertFormatException">The body is not JSON, has an identifying key twice or one whose value
    /// does not fit (not a readable string), or its shape is not the one Codat sends for the rule type. Any other value
    /// that does not fit its type (a date that does not parse, a string where a number belongs, invalid UTF-8,
    /// <c>Data</c> or <c>payload</c> not an object) leaves its property unset and is kept in
    /// <see cref="ParsedAlert.UnreadableFields"/>: Codat's payloads drift, and an informational field must never cost
    /// the alert.</exception>
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

        return TolerantParse(contract, match, shape, body);
    }

    /// <summary>Whether <paramref name="type"/> is the alert type of some rule type, i.e. a type handlers can receive.</summary>
    public static bool IsAlertType(Type type) => AlertContracts.IsAlertType(type);

    // Past this many unreadable values one at a time, each further failure sets the parent of the failing value aside
    // instead: every step still removes at least one value, so the loop ends, and a hostile body of thousands of bad
    // values costs a few dozen parses rather than one per value.
    private const int MaxSingleValueRepairs = 32;

    // The keys that identify an alert (its dedup key and rule type): the intake read them as strings already, so a
    // body where they do not fit is not the alert that was keyed, and is refused. The body's ClientId is not among them:
    // the intake checks it against the header where there is one, and the envelope's client is the authority.
    private static readonly HashSet<string> IdentifyingKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "AlertId", "RuleType", "Type", "id", "eventType",
    };

    /// <summary>
    /// Reads <paramref name="body"/> as the contract's type; a value that does not fit its typed property is set aside
    /// (taken out of a copy of the body, kept exactly in <see cref="ParsedAlert.UnreadableFields"/>) and the
    /// body read again. Only an identifying key, or a body that is not JSON at all, is refused.
    /// </summary>
    private static ParsedAlert TolerantParse(AlertContract contract, RuleTypeMatch match, AlertShape shape, ReadOnlySpan<byte> body)
    {
        var current = body;
        List<UnreadableField>? unreadable = null;
        while (true)
        {
            JsonException failure;
            try
            {
                var parsed = contract.Parse(current, match);
                return unreadable is null ? parsed : parsed with { UnreadableFields = unreadable };
            }
            catch (JsonException ex)
            {
                failure = ex;
            }

            // JsonException names the path, line and byte position, never the value. The serializer also reports here
            // a string it cannot decode (invalid UTF-8, a lone surrogate escape), which the intake kept byte-exact.
            if (!JsonValuePath.TryParse(failure.Path, out var path))
            {
                throw Refused(contract.RuleType, shape, failure);
            }

            unreadable ??= [];
            if (unreadable.Count >= MaxSingleValueRepairs)
            {
                // Outside arrays only the contract's own properties can fail, a bounded few; inside them, one per element.
                path = path.OutermostArray ?? path.Parent ?? path;
            }

            if (path.TopLevelProperty is { } key && IdentifyingKeys.Contains(key))
            {
                throw Refused(contract.RuleType, shape, failure);
            }

            if (!JsonValueLocator.TryFind(current, path, out var value, out var member))
            {
                throw Refused(contract.RuleType, shape, failure);
            }

            // The member is taken out (not nulled): a typed property is then unset, and a list or a map never holds an
            // entry the sender did not send.
            unreadable.Add(new UnreadableField(path.ToString(), current[value].ToArray(), failure.Message));
            current = JsonSplice.RemoveMember(current, member);
        }
    }

    private static AlertFormatException Refused(RuleType ruleType, AlertShape shape, JsonException failure) =>
        new($"The body is not a valid {ruleType} {Describe(shape)}: {failure.Message}", failure);

    private static string Describe(AlertShape shape) => shape == AlertShape.Legacy ? "legacy alert" : "event envelope";
}
