namespace CodatAlerts.Contract;

/// <summary>
/// The bound on every value that identifies an alert and travels in its queue envelope, its record name and its logs:
/// the dedup key (<c>AlertId</c>, <c>id</c>, <c>webhook-id</c>/<c>svix-id</c>) and the rule type (<c>RuleType</c>,
/// <c>Type</c>, <c>eventType</c>). Codat's values are GUIDs, <c>msg_…</c> ids and short type names, all printable
/// ASCII far below the bound; an unbounded value could make an envelope that no queue message can hold, so every
/// retry of it would fail (issue 11 item 2).
/// </summary>
public static class AlertIdentifiers
{
    /// <summary>The most characters an identifying value may have, after trimming.</summary>
    public const int MaxLength = 256;

    /// <summary>Whether <paramref name="trimmed"/> is 1 to <see cref="MaxLength"/> printable ASCII characters (U+0020 to U+007E).</summary>
    public static bool IsValid(string trimmed)
    {
        ArgumentNullException.ThrowIfNull(trimmed);
        if (trimmed.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in trimmed)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
