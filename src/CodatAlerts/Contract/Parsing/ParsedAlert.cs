namespace CodatAlerts.Contract.Parsing;

/// <summary>A body read as the alert type of its rule type; <see cref="ParsedAlert{TAlert}"/> carries the alert itself.</summary>
/// <param name="Match">The canonical rule type and its qualifier.</param>
/// <param name="Facts">Company, connection and data type, whatever the shape.</param>
public abstract record ParsedAlert(RuleTypeMatch Match, AlertFacts Facts)
{
    /// <summary>
    /// The values that did not fit their typed properties, each kept exactly as sent; the properties are left unset.
    /// Empty for a body that fits its type.
    /// </summary>
    public IReadOnlyList<UnreadableField> UnreadableFields { get; init; } = [];

    /// <summary>The CLR type of the alert.</summary>
    public abstract Type AlertType { get; }

    /// <summary>
    /// Calls <paramref name="visitor"/> with the alert's static type, so a caller can reach code generic in the alert
    /// type (its handlers) without reflection.
    /// </summary>
    public abstract TResult Accept<TResult>(IParsedAlertVisitor<TResult> visitor);
}

/// <summary>A body read as <typeparamref name="TAlert"/>.</summary>
/// <param name="Match">The canonical rule type and its qualifier.</param>
/// <param name="Facts">Company, connection and data type, whatever the shape.</param>
/// <param name="Alert">The typed alert.</param>
public sealed record ParsedAlert<TAlert>(RuleTypeMatch Match, AlertFacts Facts, TAlert Alert) : ParsedAlert(Match, Facts)
    where TAlert : class
{
    public override Type AlertType => typeof(TAlert);

    public override TResult Accept<TResult>(IParsedAlertVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.Visit(this);
    }
}
