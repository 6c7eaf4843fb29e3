using System.ComponentModel.DataAnnotations;

namespace CodatAlerts.Queueing;

/// <summary>
/// How the intake talks to storage, bound from <c>Alerts:Queueing</c>. The defaults keep every answer well inside the
/// 15 s Codat's signed sender allows for a response (reference §1.2): at most <see cref="EnqueueBudget"/> in storage,
/// each try cut off after <see cref="TryTimeout"/>.
/// </summary>
public sealed class QueueingOptions
{
    public const string SectionName = "Alerts:Queueing";

    /// <summary>The whole time the intake may spend storing one alert (claim-check upload and enqueue, with retries).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:12", ErrorMessage = "Alerts__Queueing__EnqueueBudget must be between {1} and {2}: Codat's signed sender gives up after 15 s.")]
    public TimeSpan EnqueueBudget { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The network time-out of one storage request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:00:10", ErrorMessage = "Alerts__Queueing__TryTimeout must be between {1} and {2}.")]
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries of one storage request after the first try (exponential back-off from 100 ms, capped at 1 s).</summary>
    [Range(0, 5, ErrorMessage = "Alerts__Queueing__MaxRetries must be between {1} and {2}.")]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The largest envelope that travels inline; a larger one sends its body by claim-check (a blob).</summary>
    /// <remarks>
    /// A queue message holds 64 KiB, and the trigger's base64 encoding takes 4 characters per 3 bytes, so 48 KiB of
    /// JSON is the most one message carries (reference azure-platform §1). The inline limit stops 2 KiB short of that,
    /// so that the poison wrapper (the envelope verbatim plus the reason and four small fields) always fits around
    /// any envelope the intake writes, and a poisoned alert never loses its reason. The lower bound is the largest
    /// envelope the intake can write once its body is in a blob (<see cref="MinInlineEnvelopeLimit"/>): below it, a
    /// delivery with long identifiers could not be stored at all and would get 503 on healthy storage, forever.
    /// </remarks>
    [Range(MinInlineEnvelopeLimit, MaxInlineEnvelopeLimit, ErrorMessage = "Alerts__Queueing__MaxInlineEnvelopeBytes must be between {1} and {2}: the largest envelope without its body needs {1}, and a queue message holds 48 KiB before base64, less room for the poison wrapper.")]
    public int MaxInlineEnvelopeBytes { get; set; } = MaxInlineEnvelopeLimit;

    /// <summary>
    /// The smallest allowed <see cref="MaxInlineEnvelopeBytes"/>: the worst claim-checked envelope the intake can build
    /// (every identifier at 256 printable characters, each written as a six-byte JSON escape, a 512-character
    /// <c>tracestate</c> likewise, a 64-character client ID as both client and claimed client), rounded up to a whole KiB.
    /// Computed, not estimated: the envelope-size tests build that envelope with the real serializer and fail if it
    /// ever outgrows this value.
    /// </summary>
    public const int MinInlineEnvelopeLimit = 9_216;

    /// <summary>The largest allowed <see cref="MaxInlineEnvelopeBytes"/>: 48 KiB less 2 KiB for the poison wrapper.</summary>
    public const int MaxInlineEnvelopeLimit = 47_104;
}
