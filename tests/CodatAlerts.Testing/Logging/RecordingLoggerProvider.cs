using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CodatAlerts.Testing.Logging;

/// <summary>
/// A logger provider that keeps every event, with its structured state and active scopes, so a test can assert what
/// the code under test logged, or, for log safety, what it did not: run any path with a known secret in its inputs,
/// then <c>Assert.Empty(recording.Containing(secret))</c>. Add it with
/// <c>LoggerFactory.Create(b => b.AddProvider(recording).SetMinimumLevel(LogLevel.Trace))</c> or
/// <c>services.AddLogging(b => b.AddProvider(recording))</c>.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<RecordedLog> _records = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>Every event so far, in order.</summary>
    public IReadOnlyList<RecordedLog> Records => [.. _records];

    /// <summary>The events any of whose text contains <paramref name="value"/>.</summary>
    public IReadOnlyList<RecordedLog> Containing(string value) => [.. _records.Where(r => r.Contains(value))];

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private void Record(RecordedLog record) => _records.Enqueue(record);

    private static List<KeyValuePair<string, string?>> Flatten(object? values)
    {
        var flattened = new List<KeyValuePair<string, string?>>();
        if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            flattened.AddRange(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, RecordedLog.Render(p.Value))));
        }
        else if (values is IEnumerable sequence and not string)
        {
            flattened.AddRange(sequence.Cast<object?>().Select(v => new KeyValuePair<string, string?>(string.Empty, RecordedLog.Render(v))));
        }

        // A scope or state may also render itself differently from its values; keep what a text sink would print.
        flattened.Add(new KeyValuePair<string, string?>(string.Empty, RecordedLog.Render(values)));
        return flattened;
    }

    private sealed class RecordingLogger(string category, RecordingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var scopes = new List<KeyValuePair<string, string?>>();
            provider._scopes.ForEachScope((scope, list) => list.AddRange(Flatten(scope)), scopes);
            provider.Record(new RecordedLog(
                category,
                logLevel,
                eventId,
                formatter(state, exception),
                Flatten(state),
                scopes,
                exception?.ToString(),
                state is IEnumerable<KeyValuePair<string, object?>> values
                    ? values.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                    : new Dictionary<string, object?>()));
        }
    }
}
