using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CodatAlerts.Simulator.Alerts;

/// <summary>
/// Builds the alerts of a run from the samples: each with a fresh id and <c>webhook-id</c>, cycling through the rule
/// types, spread over the clients; and, at the requested share, deliberate duplicates that repeat an earlier message
/// byte for byte with its <c>webhook-id</c>, as a Codat redelivery (Portal resend, recovery, replay) does.
/// </summary>
internal sealed class AlertFactory
{
    /// <summary>How many recent originals a duplicate is drawn from; bounds memory on long runs.</summary>
    internal const int RedeliveryPool = 1024;

    // Svix message ids are "msg_" followed by a 27-character base62 KSUID.
    private const string MessageIdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int MessageIdLength = 27;

    private readonly IReadOnlyList<AlertSample> _samples;
    private readonly IReadOnlyList<string> _clientIds;
    private readonly double _duplicateShare;
    private readonly TimeProvider _clock;
    private readonly Random _random;

    public AlertFactory(IReadOnlyList<AlertSample> samples, IReadOnlyList<string> clientIds, double duplicateShare, TimeProvider clock, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfZero(samples.Count, nameof(samples));
        ArgumentOutOfRangeException.ThrowIfZero(clientIds.Count, nameof(clientIds));
        ArgumentOutOfRangeException.ThrowIfNegative(duplicateShare);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(duplicateShare, 1);
        (_samples, _clientIds, _duplicateShare, _clock, _random) = (samples, clientIds, duplicateShare, clock, random);
    }

    /// <summary>
    /// <paramref name="count"/> alerts, built lazily so a long run holds only the redelivery pool. Duplicates are spread
    /// evenly: exactly ⌊count × share⌋ of them, never the first alert.
    /// </summary>
    public IEnumerable<OutgoingAlert> Create(int count)
    {
        var recent = new OutgoingAlert[Math.Min(RedeliveryPool, Math.Max(count, 1))];
        var originals = 0;
        for (var i = 0; i < count; i++)
        {
            if (originals > 0 && IsDuplicateSlot(i))
            {
                var earlier = recent[_random.Next(Math.Min(originals, recent.Length))];
                yield return earlier with { IsRedelivery = true };
                continue;
            }

            var alert = CreateOriginal(_samples[originals % _samples.Count]);
            recent[originals % recent.Length] = alert;
            originals++;
            yield return alert;
        }
    }

    private bool IsDuplicateSlot(int index) =>
        Math.Floor((index + 1) * _duplicateShare) > Math.Floor(index * _duplicateShare);

    private OutgoingAlert CreateOriginal(AlertSample sample)
    {
        var body = sample.Template.DeepClone().AsObject();
        var alertId = Guid.NewGuid().ToString();
        var clientId = _clientIds[_random.Next(_clientIds.Count)];
        body[sample.IdKey] = alertId;
        if (sample.Shape == AlertShape.Legacy)
        {
            // A legacy body names its client; keep it consistent with the X-Codat-ClientId header.
            body["ClientId"] = clientId;
        }
        else
        {
            body["generatedDate"] = _clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        return new OutgoingAlert(NewMessageId(), alertId, clientId, sample.RuleType, Encoding.UTF8.GetBytes(body.ToJsonString()), IsRedelivery: false);
    }

    private static string NewMessageId() => "msg_" + RandomNumberGenerator.GetString(MessageIdAlphabet, MessageIdLength);
}
