using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;
using Xunit.Abstractions;

namespace CodatAlerts.Tests.Functions;

/// <summary>
/// 20,000 generated deliveries (seeded, so every run sends the same ones) through the real <c>ReceiveAlert.Run</c> with
/// healthy storage. Whatever arrives, the intake answers within the contract: never 500, never 503 (503 means only
/// "could not store"), never 2xx without valid credentials; and what it accepts is stored byte for byte, in an envelope
/// that fits a queue message. Storage is the recording enqueuer here (the real one is exercised against Azurite by the
/// integration tests; <see cref="EnvelopeMessage"/> is what decides the message it would send).
/// </summary>
public sealed class ReceiveAlertFuzzTests(ITestOutputHelper output)
{
    private const int Requests = 20_000;
    private const int Seed = 20_261_128;

    private const string ClientA = IntakeHost.ClientA;
    private const string TokenA = IntakeHost.TokenA;
    private const string ClientB = "5c7c2b2e-91d4-4a35-8a39-0d7a3e0f6b11";
    private const string SecretB = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string DefaultToken = "Bearer default-token-9e1f";

    private static readonly string[] Samples = [.. CodatSamples.All.Select(s => s.Value)];
    private static readonly byte[] SecretBKey = Convert.FromBase64String(SecretB["whsec_".Length..]);

    [Fact]
    public async Task Twenty_thousand_hostile_and_honest_deliveries_get_no_500_no_503_and_accepted_bodies_are_stored_byte_exact()
    {
        // Arrange
        using var host = new IntakeHost(new Dictionary<string, string?>
        {
            ["Alerts:Clients:0:ClientId"] = ClientA,
            ["Alerts:Clients:0:Authorization:0"] = TokenA,
            ["Alerts:Clients:1:ClientId"] = ClientB,
            ["Alerts:Clients:1:SigningSecrets:0"] = SecretB,
            ["Alerts:DefaultClient:Authorization:0"] = DefaultToken,
        });
        var maxInline = new QueueingOptions().MaxInlineEnvelopeBytes;
        var random = new Random(Seed);
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byKind = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var storedBytes = 0L;

        // Act
        for (var i = 0; i < Requests; i++)
        {
            var delivery = Generate(random, host.Clock.GetUtcNow());
            Count(byKind, delivery.Kind);
            string status;
            try
            {
                var response = await host.PostAsync(delivery.Body, CancellationToken.None, delivery.Headers);
                status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    storedBytes += CheckAccepted(delivery, response.ReadBody(), host.Enqueuer, maxInline, failures);
                }
                else if (!host.Enqueuer.Enqueued.IsEmpty)
                {
                    failures.Add($"#{i} {delivery.Kind}: refused with {status} but enqueued");
                    host.Enqueuer.Enqueued.Clear();
                }

                if (status is "500" or "503")
                {
                    failures.Add($"#{i} {delivery.Kind}: answered {status}");
                }
            }
#pragma warning disable CA1031 // An exception out of the function is the host's 500: count it as such.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                status = "500 (exception)";
                failures.Add($"#{i} {delivery.Kind}: {ex.GetType().Name}");
            }

            Count(byStatus, status);
            if (delivery.Expect202 && status != "202")
            {
                failures.Add($"#{i} {delivery.Kind}: an honest delivery answered {status}");
            }
        }

        // Assert
        output.WriteLine($"{Requests} deliveries, seed {Seed}; {storedBytes} body bytes stored and compared");
        output.WriteLine("By status: " + string.Join(", ", byStatus.Select(s => $"{s.Key} × {s.Value}")));
        output.WriteLine("By kind:   " + string.Join(", ", byKind.Select(s => $"{s.Key} × {s.Value}")));
        Assert.Empty(failures.Take(20));
        Assert.False(byStatus.ContainsKey("500"));
        Assert.False(byStatus.ContainsKey("503"));
        Assert.True(byStatus.GetValueOrDefault("202") > Requests / 4, "The mix must accept a good share, or it tests little.");
        Assert.True(byStatus.GetValueOrDefault("400") > Requests / 10);
        Assert.True(byStatus.GetValueOrDefault("401") > Requests / 20);
    }

    /// <summary>Checks one 202 against what was sent; returns the body bytes compared.</summary>
    private static int CheckAccepted(Delivery delivery, string responseBody, RecordingEnqueuer enqueuer, int maxInline, List<string> failures)
    {
        if (!delivery.Authenticated)
        {
            failures.Add($"{delivery.Kind}: accepted without valid credentials");
        }

        var ingestionId = JsonSerializer.Deserialize<JsonElement>(responseBody).GetProperty("ingestionId").GetString();
        if (!enqueuer.Enqueued.TryDequeue(out var envelope) || envelope.IngestionId != ingestionId || !enqueuer.Enqueued.IsEmpty)
        {
            failures.Add($"{delivery.Kind}: the 202 does not match exactly one stored envelope");
            enqueuer.Enqueued.Clear();
            return 0;
        }

        if (!delivery.Body.AsSpan().SequenceEqual(envelope.Body))
        {
            failures.Add($"{delivery.Kind}: the stored body differs from the received bytes");
        }

        try
        {
            var message = EnvelopeMessage.For(envelope, maxInline);
            var stored = message.BlobContent ?? AlertEnvelopeSerializer.Deserialize(message.Message).Body;
            if (message.Message.Length > maxInline || !delivery.Body.AsSpan().SequenceEqual(stored))
            {
                failures.Add($"{delivery.Kind}: the queue message is {message.Message.Length} bytes or loses body bytes");
            }
        }
        catch (EnvelopeTooLargeException)
        {
            failures.Add($"{delivery.Kind}: the envelope cannot fit a queue message");
        }

        return delivery.Body.Length;
    }

    private static void Count(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static Delivery Generate(Random random, DateTimeOffset now)
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 12 => Legacy("honest-legacy", Fresh(random, legacy: true), expect202: true),
            < 24 => Signed(random, now, "honest-signed", Fresh(random, legacy: false), SignatureKind.Right, expect202: true),
            < 30 => Unlisted(random, "honest-default-client", random.Next(2) == 0),
            < 42 => Legacy("mutated-json", Mutate(random, Fresh(random, legacy: true))),
            < 48 => Signed(random, now, "mutated-json-signed", Mutate(random, Fresh(random, legacy: false)), SignatureKind.Right),
            < 53 => Legacy("lone-surrogate", Splice(random, Fresh(random, legacy: true), LoneSurrogate(random))),
            < 60 => Legacy("invalid-utf8-in-a-skipped-field", InvalidUtf8InSkippedField(random), expect202: true),
            < 65 => Legacy("invalid-utf8-in-an-identifying-field", InvalidUtf8InIdentifyingField(random)),
            < 70 => Legacy("huge-id", HugeId(random)),
            < 72 => HugeWebhookId(random, now),
            < 76 => Legacy("duplicate-key", DuplicateKey(random)),
            < 80 => Legacy("random-bytes", RandomBytes(random)),
            < 86 => WrongCredentials(random),
            < 92 => Signed(random, now, "several-wrong-signatures", Fresh(random, legacy: false), SignatureKind.SeveralWrong),
            < 95 => Signed(random, now, "right-among-wrong-signatures", Fresh(random, legacy: false), SignatureKind.RightAmongWrong, expect202: true),
            _ => Signed(random, now, "stale-timestamp", Fresh(random, legacy: false), SignatureKind.Stale),
        };
    }

    private static Delivery Legacy(string kind, byte[] body, bool expect202 = false) =>
        new(kind, body, [("X-Codat-ClientId", ClientA), ("Authorization", TokenA)], Authenticated: true, expect202);

    private static Delivery Unlisted(Random random, string kind, bool legacy)
    {
        // Unlisted client IDs within the accepted form (1-64 characters of [A-Za-z0-9._-]); a legacy body names the
        // client of its header, as Codat's does.
        var clientId = random.Next(3) switch
        {
            0 => Id(random).ToString(),
            1 => "client_" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture),
            _ => new string('z', random.Next(1, 65)),
        };
        var body = Fresh(random, legacy, clientId);
        return new(kind, body, [("X-Codat-ClientId", clientId), ("Authorization", DefaultToken)], Authenticated: true, Expect202: true);
    }

    private static Delivery HugeWebhookId(Random random, DateTimeOffset now)
    {
        var body = Fresh(random, legacy: false);
        var id = "msg_" + new string('w', random.Next(300, 20_000));
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new("huge-webhook-id", body,
            [("X-Codat-ClientId", ClientB), ("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", Sign(id, timestamp, body))],
            Authenticated: true, Expect202: false);
    }

    private static Delivery WrongCredentials(Random random)
    {
        var body = Fresh(random, legacy: true);
        (string, string)[] headers = random.Next(6) switch
        {
            0 => [("X-Codat-ClientId", ClientA)],
            1 => [("X-Codat-ClientId", ClientA), ("Authorization", "Bearer wrong")],
            2 => [("X-Codat-ClientId", ClientA), ("Authorization", TokenA + "x")],
            3 => [("X-Codat-ClientId", ClientB), ("Authorization", TokenA)],
            4 => [("X-Codat-ClientId", "someone-else"), ("Authorization", TokenA)],
            _ => [("X-Codat-ClientId", ClientA), ("Authorization", "Basic " + Convert.ToBase64String(RandomBytes(random)))],
        };
        return new("wrong-credentials", body, headers, Authenticated: false, Expect202: false);
    }

    private enum SignatureKind
    {
        Right,
        SeveralWrong,
        RightAmongWrong,
        Stale,
    }

    private static Delivery Signed(Random random, DateTimeOffset now, string kind, byte[] body, SignatureKind signature, bool expect202 = false)
    {
        var id = "msg_" + Id(random).ToString("N");
        var at = signature == SignatureKind.Stale ? now.AddMinutes(random.Next(2) == 0 ? -6 : 6) : now.AddSeconds(random.Next(-200, 200));
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var right = Sign(id, timestamp, body);
        var wrong = Enumerable.Range(0, random.Next(2, 5)).Select(_ => WrongSignature(random, id, timestamp, body)).ToList();
        var value = signature switch
        {
            SignatureKind.SeveralWrong => string.Join(' ', wrong),
            SignatureKind.RightAmongWrong => string.Join(' ', wrong.Append(right).OrderBy(_ => random.Next())),
            _ => right,
        };
        var authenticated = signature is SignatureKind.Right or SignatureKind.RightAmongWrong;
        return new(kind, body,
            [("X-Codat-ClientId", ClientB), ("webhook-id", id), ("webhook-timestamp", timestamp), ("webhook-signature", value)],
            authenticated, expect202);
    }

    private static string WrongSignature(Random random, string id, string timestamp, byte[] body) => random.Next(4) switch
    {
        0 => Sign(id + "x", timestamp, body),
        1 => Sign(id, timestamp, [.. body, (byte)' ']),
        2 => "v1," + Convert.ToBase64String(RandomBytes(random, 32)),
        _ => "v2," + Sign(id, timestamp, body)["v1,".Length..],
    };

    private static string Sign(string id, string timestamp, byte[] body)
    {
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(SecretBKey, signed));
    }

    private static byte[] Fresh(Random random, bool legacy, string clientId = ClientA)
    {
        string sample;
        do
        {
            sample = Samples[random.Next(Samples.Length)];
        }
        while ((sample.Contains("\"RuleType\"", StringComparison.Ordinal) || sample.Contains("\"AlertId\"", StringComparison.Ordinal)) != legacy);

        return Encoding.UTF8.GetBytes(CodatSamples.ForClient(CodatSamples.WithFreshId(sample, Id(random).ToString()), clientId));
    }

    private static byte[] Mutate(Random random, byte[] body)
    {
        var bytes = body.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 20))); break;
                case 2: bytes.Insert(at, (byte)"{}[]\",:\\0"[random.Next(9)]); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.InsertRange(at, RandomBytes(random, random.Next(1, 8))); break;
            }
        }

        return [.. bytes];
    }

    private static byte[] Splice(Random random, byte[] body, byte[] insert)
    {
        // Inside some string value: right after an opening quote of a value.
        var text = Encoding.UTF8.GetString(body);
        var quotes = Enumerable.Range(0, text.Length - 1).Where(i => text[i] == ':' && text[i + 1] == '"').ToList();
        var at = Encoding.UTF8.GetByteCount(text[..(quotes[random.Next(quotes.Count)] + 2)]);
        return [.. body.AsSpan(0, at), .. insert, .. body.AsSpan(at)];
    }

    private static byte[] LoneSurrogate(Random random) =>
        Encoding.ASCII.GetBytes(random.Next(3) switch { 0 => "\\ud800", 1 => "\\udfff", _ => "\\udc00\\ud83d" });

    private static byte[] InvalidUtf8InSkippedField(Random random)
    {
        var id = Id(random).ToString();
        byte[] bad = random.Next(3) switch { 0 => [0xFF], 1 => [0xC3, 0x28], _ => [0xED, 0xA0, 0x80] };
        return [.. Encoding.UTF8.GetBytes($$"""{"RuleType":"Data sync completed","AlertId":"{{id}}","Message":"x"""), .. bad, .. "\",\"Data\":{\"k\":\""u8, .. bad, .. "\"}}"u8];
    }

    private static byte[] InvalidUtf8InIdentifyingField(Random random)
    {
        byte[] bad = random.Next(2) == 0 ? [0xFF] : [0xC3, 0x28];
        return random.Next(2) == 0
            ? [.. "{\"RuleType\":\"Data sync completed\",\"AlertId\":\"a"u8, .. bad, .. "\"}"u8]
            : [.. "{\"RuleType\":\"Data sync "u8, .. bad, .. "\",\"AlertId\":\""u8, .. Encoding.ASCII.GetBytes(Id(random).ToString()), .. "\"}"u8];
    }

    private static byte[] HugeId(Random random)
    {
        var huge = new string((char)random.Next('0', 'z'), random.Next(257, 100_000)).Replace("\\", "/", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(random.Next(3) switch
        {
            0 => $$"""{"RuleType":"Data sync completed","AlertId":"{{huge}}"}""",
            1 => $$"""{"RuleType":"{{huge}}","AlertId":"{{Id(random)}}"}""",
            _ => "{\"id\":\"" + huge + "\",\"eventType\":\"read.completed\",\"payload\":{}}",
        });
    }

    private static byte[] DuplicateKey(Random random) => Encoding.UTF8.GetBytes(random.Next(3) switch
    {
        0 => $$"""{"RuleType":"Data sync completed","AlertId":"{{Id(random)}}","alertId":"{{Id(random)}}"}""",
        1 => $$"""{"RuleType":"Data sync completed","ruletype":"Sync failed","AlertId":"{{Id(random)}}"}""",
        _ => "{\"id\":\"" + Id(random) + "\",\"eventType\":\"read.completed\",\"EventType\":\"company.created\",\"payload\":{}}",
    });

    /// <summary>A GUID from the seeded generator, so that every run sends the same deliveries.</summary>
    private static Guid Id(Random random) => new(RandomBytes(random, 16));

    private static byte[] RandomBytes(Random random) => RandomBytes(random, random.Next(0, 200));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed record Delivery(string Kind, byte[] Body, (string Name, string Value)[] Headers, bool Authenticated, bool Expect202);
}
