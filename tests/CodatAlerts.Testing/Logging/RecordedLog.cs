using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Testing.Logging;

/// <summary>One log event as a provider received it: everything a sink could write, rendered as text.</summary>
/// <param name="Category">The logger category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id and name.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="State">The structured values (the <c>[LoggerMessage]</c> holes, <c>{OriginalFormat}</c>).</param>
/// <param name="Scopes">The values of every scope active at the time, flattened.</param>
/// <param name="Exception">The exception, as <see cref="Exception.ToString"/> renders it (message, inner exceptions, stack).</param>
/// <param name="Values">The structured values with their types, by hole name, for asserting what an event says.</param>
public sealed record RecordedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string?>> State,
    IReadOnlyList<KeyValuePair<string, string?>> Scopes,
    string? Exception,
    IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>Every piece of text this event carries, for a sink-independent "does it contain X" check.</summary>
    public IEnumerable<string> Texts()
    {
        yield return Message;
        if (EventId.Name is { } name)
        {
            yield return name;
        }

        foreach (var (key, value) in State.Concat(Scopes))
        {
            yield return key;
            if (value is not null)
            {
                yield return value;
            }
        }

        if (Exception is not null)
        {
            yield return Exception;
        }
    }

    /// <summary>Whether any text of this event contains <paramref name="value"/> (ordinal, case-insensitive).</summary>
    public bool Contains(string value) => Texts().Any(t => t.Contains(value, StringComparison.OrdinalIgnoreCase));

    internal static string? Render(object? value) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
