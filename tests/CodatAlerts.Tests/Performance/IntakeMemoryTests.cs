using System.Globalization;
using System.Text;
using CodatAlerts.Intake;
using CodatAlerts.Tests.Fakes;
using CodatAlerts.Tests.Intake.Authentication;
using Microsoft.Extensions.DependencyInjection;
using CodatAlerts.Queueing;
using Xunit.Abstractions;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Performance;

/// <summary>
/// The intake's memory per request at large bodies (issue 17 item 7): the body is held in one array, never copied for
/// the MAC, a refusal or the envelope, and a body over the cap is never read past it. Measured on one thread (the
/// recording enqueuer completes at once, so <see cref="AlertIntake.AcceptAsync"/> runs synchronously), counting both
/// fresh allocations and pooled rentals, which allocate nothing once the pool is warm.
/// </summary>
public sealed class IntakeMemoryTests(ITestOutputHelper output)
{
    private const int BodyBytes = 4 * 1024 * 1024;

    /// <summary>What a request may take besides its body: headers, envelope, telemetry; far below a second body.</summary>
    private const long OverheadBytes = 64 * 1024;

    private static IntakeHost Host() => new(new Dictionary<string, string?>
    {
        ["Alerts:MaxBodyBytes"] = (8 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
        ["Alerts:Clients:0:ClientId"] = ClientA,
        ["Alerts:Clients:0:SigningSecrets:0"] = ClientSecrets[0],
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_signed_alert_is_held_in_one_array_from_read_to_envelope(bool validSignature)
    {
        // Arrange
        using var host = Host();
        var intake = host.Services.GetRequiredService<AlertIntake>();
        var (body, headers) = SignedEvent(host, validSignature ? ClientSecrets[0] : ClientSecrets[1]);
        await intake.AcceptAsync(Request(body, headers), CancellationToken.None); // warm-up: JIT and lazy caches

        // Act
        using var rentals = new ArrayPoolRentals();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepting = intake.AcceptAsync(Request(body, headers), CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert
        Assert.True(accepting.IsCompletedSuccessfully, "Only a synchronous completion is measured whole.");
        Assert.Equal(validSignature ? 202 : 401, (await accepting).StatusCode);
        Assert.InRange(allocated, body.Length, body.Length + OverheadBytes);
        Assert.True(rentals.Largest < OverheadBytes, $"A buffer of {rentals.Largest} bytes was rented: a copy of the body.");
        if (validSignature)
        {
            Assert.Equal(body, host.Enqueuer.Enqueued.Last().Body);
        }
    }

    /// <summary>
    /// The figures README's Performance section quotes: a legacy alert of exactly the cap, accepted and turned into its
    /// queue message (the claim-check's message and blob content), at the default cap and at the largest allowed one.
    /// </summary>
    [Theory]
    [InlineData(256 * 1024)]
    [InlineData(IntakeOptions.LargestMaxBodyBytes)]
    public async Task An_alert_of_the_cap_allocates_its_body_once_plus_a_fixed_overhead(int cap)
    {
        // Arrange
        using var host = IntakeHost.WithClientA(("Alerts:MaxBodyBytes", cap.ToString(CultureInfo.InvariantCulture)));
        var intake = host.Services.GetRequiredService<AlertIntake>();
        var body = LegacyBody(cap);
        var headers = new HeaderBag()
            .With("X-Codat-ClientId", IntakeHost.ClientA)
            .With("Authorization", IntakeHost.TokenA)
            .With("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        await intake.AcceptAsync(Request(LegacyBody(1_000), headers.Without("Content-Length")), CancellationToken.None);
        EnvelopeMessage.For(host.Enqueuer.Enqueued.Last(), QueueingOptions.MaxInlineEnvelopeLimit); // warm-up: the serializer's first use
        headers.With("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));

        // Act
        using var rentals = new ArrayPoolRentals();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var accepting = intake.AcceptAsync(Request(body, headers), CancellationToken.None);
        var accepted = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(accepting.IsCompletedSuccessfully, "Only a synchronous completion is measured whole.");
        var message = EnvelopeMessage.For(host.Enqueuer.Enqueued.Last(), QueueingOptions.MaxInlineEnvelopeLimit);
        var built = GC.GetAllocatedBytesForCurrentThread();

        // Assert
        Assert.Equal(202, (await accepting).StatusCode);
        Assert.NotNull(message.BodyBlob);
        var total = built - before;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cap {cap:N0} B: intake {accepted - before:N0} B, message {built - accepted:N0} B, total {total:N0} B = body + {total - body.Length:N0} B; largest rental {rentals.Largest:N0} B"));
        Assert.InRange(total, body.Length, body.Length + OverheadBytes);
        Assert.True(rentals.Largest < OverheadBytes, $"A buffer of {rentals.Largest} bytes was rented: a copy of the body.");
    }

    [Theory]
    [InlineData(16_384)]
    [InlineData(100_000)]
    [InlineData(1_048_576)]
    public async Task A_body_over_the_cap_is_not_read_past_the_cap_whatever_size_the_pool_hands_out(int cap)
    {
        // Arrange: an endless body without a Content-Length; the pool rounds cap + 1 up to a power of two.
        var stream = new EndlessStream();

        // Act
        var body = await BoundedBodyReader.ReadAsync(stream, cap, declaredLength: null, CancellationToken.None);

        // Assert
        Assert.Null(body);
        Assert.InRange(stream.BytesRead, cap + 1, cap + 1);
    }

    /// <summary>A legacy alert of exactly <paramref name="length"/> bytes.</summary>
    private static byte[] LegacyBody(int length)
    {
        var text = "{\"AlertId\":\"a-large\",\"RuleType\":\"Data sync completed\",\"ClientId\":\"" + ClientA + "\",\"Data\":{\"pad\":\"";
        var body = new byte[length];
        var written = Encoding.UTF8.GetBytes(text, body);
        body.AsSpan(written, length - written - 3).Fill((byte)'x');
        "\"}}"u8.CopyTo(body.AsSpan(length - 3));
        return body;
    }

    private static AlertRequest Request(byte[] body, HeaderBag headers) =>
        new(new MemoryStream(body, writable: false), headers);

    private static (byte[] Body, HeaderBag Headers) SignedEvent(IntakeHost host, string secret)
    {
        var text = "{\"id\":\"evt-1\",\"eventType\":\"read-completed\",\"payload\":{\"pad\":\""
            + new string('x', BodyBytes) + "\"}}";
        var timestamp = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var headers = new HeaderBag()
            .With("X-Codat-ClientId", ClientA)
            .With("webhook-id", "msg_large")
            .With("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture))
            .With("webhook-signature", Sign(secret, "msg_large", timestamp, text));
        var body = Encoding.UTF8.GetBytes(text);
        headers.With("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture));
        return (body, headers);
    }

    /// <summary>A body that never ends, counting what was read of it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
