using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using CodatAlerts.Contract;
using CodatAlerts.Intake;
using CodatAlerts.Queueing;

namespace CodatAlerts.Tests.Queueing;

/// <summary>
/// Proof, by construction rather than by sample, that every envelope the intake can build fits one queue message, so
/// storage can never refuse an accepted alert for its size (which would answer 503 to every retry of it).
/// </summary>
public sealed class EnvelopeSizeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>What a queue message holds: 64 KiB of text, which the queue trigger reads as base64.</summary>
    private const int QueueMessageLimit = 64 * 1024;

    /// <summary>
    /// The client-ID bound this proof assumes: at most 64 characters of <c>[A-Za-z0-9._-]</c>, which the client-ID
    /// validation (branch <c>clientsig</c>, issue 11 item 2) enforces for the header and the configured IDs. Without it a
    /// default-client delivery could name any ID.
    /// </summary>
    private const int MaxClientIdLength = 64;

    private const string ClientIdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    /// <summary>Room left for fields added later (the <c>clientIdSource</c> of branch clientsig needs about 30 bytes).</summary>
    private const int Headroom = 1_024;

    [Fact]
    public void The_largest_inline_envelope_the_options_allow_fits_a_queue_message_after_base64()
    {
        // Arrange
        var range = typeof(QueueingOptions).GetProperty(nameof(QueueingOptions.MaxInlineEnvelopeBytes))!.GetCustomAttribute<RangeAttribute>()!;
        var maximum = Convert.ToInt32(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);

        // Act
        var base64Length = 4 * ((maximum + 2) / 3);

        // Assert
        Assert.True(base64Length <= QueueMessageLimit, $"{maximum} bytes are {base64Length} characters in base64.");
        Assert.Equal(maximum, new QueueingOptions().MaxInlineEnvelopeBytes);
    }

    [Fact]
    public void The_worst_character_of_each_bounded_field_is_the_one_the_worst_envelope_uses()
    {
        // Arrange: how many bytes each character costs inside a JSON string of the envelope.
        var printable = Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (char)c).ToArray();

        // Act
        var worstPrintable = printable.Max(CostOf);
        var worstClientIdChar = ClientIdAlphabet.Max(CostOf);

        // Assert
        Assert.Equal(CostOf(WorstPrintable), worstPrintable);
        Assert.Equal(CostOf(WorstClientIdChar), worstClientIdChar);
        Assert.Equal(6, worstPrintable); // the default encoder writes '<' as \u003C
    }

    [Fact]
    public void The_worst_envelope_the_intake_can_build_fits_a_queue_message_by_claim_check_with_room_to_spare()
    {
        // Arrange: every field at its maximum length, each written with its costliest character, and a body that
        // pushes it just past the inline limit so that it travels by claim-check.
        var max = new QueueingOptions().MaxInlineEnvelopeBytes;
        var worst = WorstEnvelope(body: new byte[max]);

        // Act
        var message = EnvelopeMessage.For(worst, max);

        // Assert
        Assert.NotNull(message.BodyBlob);
        Assert.Equal(worst.Body, message.BlobContent);
        Assert.True(message.Message.Length + Headroom <= max, $"The worst claim-checked envelope is {message.Message.Length} bytes.");
    }

    [Fact]
    public void The_worst_envelope_with_a_body_just_under_the_inline_limit_is_sent_inline_within_the_limit()
    {
        // Arrange: the largest body that still fits inline next to the worst fields (base64 grows in steps of 3 bytes).
        var max = new QueueingOptions().MaxInlineEnvelopeBytes;
        var bodyLength = LargestInlineBody(max);

        // Act
        var inline = EnvelopeMessage.For(WorstEnvelope(new byte[bodyLength]), max);
        var claimChecked = EnvelopeMessage.For(WorstEnvelope(new byte[bodyLength + 3]), max);

        // Assert
        Assert.Null(inline.BodyBlob);
        Assert.True(inline.Message.Length <= max);
        Assert.True(inline.Message.Length > max - 4, "The body must be as large as still fits inline.");
        Assert.NotNull(claimChecked.BodyBlob);
    }

    [Fact]
    public void An_envelope_that_cannot_fit_even_without_its_body_is_refused_before_a_blob_is_named()
    {
        // Arrange: a dedup key no intake can produce.
        var envelope = WorstEnvelope(new byte[10]) with { DedupKey = new string('k', 50_000) };

        // Act
        var ex = Record.Exception(() => EnvelopeMessage.For(envelope, new QueueingOptions().MaxInlineEnvelopeBytes));

        // Assert
        Assert.IsType<EnvelopeTooLargeException>(ex);
    }

    [Fact]
    public void The_smallest_allowed_inline_limit_holds_the_worst_claim_checked_envelope_computed_with_the_real_serializer()
    {
        // Arrange: the worst envelope the intake can build, its body in a blob.
        var worst = WorstEnvelope(new byte[1]) with { Body = null, BodyBlob = Guid.NewGuid().ToString("N") + ".json" };

        // Act
        var bytes = AlertEnvelopeSerializer.Serialize(worst).Length;
        output.WriteLine($"The worst claim-checked envelope is {bytes} bytes.");

        // Assert: the floor holds it and is that figure rounded up to a whole KiB, not a guess far above it.
        Assert.True(bytes <= QueueingOptions.MinInlineEnvelopeLimit, $"The worst claim-checked envelope is {bytes} bytes.");
        Assert.Equal(QueueingOptions.MinInlineEnvelopeLimit, (bytes + 1_023) / 1_024 * 1_024);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3_000)]
    [InlineData(9_216)]
    [InlineData(300_000)]
    public void At_the_smallest_allowed_inline_limit_the_worst_envelope_with_any_body_is_stored_never_refused(int bodyLength)
    {
        // Arrange
        var worst = WorstEnvelope(new byte[bodyLength]);

        // Act
        var message = EnvelopeMessage.For(worst, QueueingOptions.MinInlineEnvelopeLimit);

        // Assert
        Assert.True(message.Message.Length <= QueueingOptions.MinInlineEnvelopeLimit);
    }

    [Fact]
    public void The_worst_envelope_sets_every_field_so_a_field_added_later_is_counted()
    {
        // Arrange
        var worst = WorstEnvelope([]) with { BodyBlob = "x" };

        // Act
        var unset = typeof(AlertEnvelope).GetProperties().Where(p => p.GetValue(worst) is null).Select(p => p.Name);

        // Assert
        Assert.Empty(unset);
    }

    [Fact]
    public void Start_up_refuses_an_inline_limit_below_the_worst_claim_checked_envelope()
    {
        // Arrange
        var tooSmall = new QueueingOptions { MaxInlineEnvelopeBytes = QueueingOptions.MinInlineEnvelopeLimit - 1 };
        var smallest = new QueueingOptions { MaxInlineEnvelopeBytes = QueueingOptions.MinInlineEnvelopeLimit };

        // Act
        var refused = !Validator.TryValidateObject(tooSmall, new ValidationContext(tooSmall), null, validateAllProperties: true);
        var accepted = Validator.TryValidateObject(smallest, new ValidationContext(smallest), null, validateAllProperties: true);

        // Assert
        Assert.True(refused);
        Assert.True(accepted);
    }

    [Fact]
    public void A_large_body_is_claim_checked_without_being_encoded_inline_first()
    {
        // Arrange: 30 MB; encoding it into JSON to learn that it does not fit would allocate some 80 MB.
        var envelope = WorstEnvelope(new byte[30_000_000]);
        EnvelopeMessage.For(WorstEnvelope(new byte[100_000]), QueueingOptions.MaxInlineEnvelopeLimit);

        // Act
        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = EnvelopeMessage.For(envelope, QueueingOptions.MaxInlineEnvelopeLimit);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Assert: the blob content is the envelope's own array, and only the small message was built.
        Assert.Same(envelope.Body, message.BlobContent);
        Assert.True(allocated < 64 * 1024, $"Building the message allocated {allocated} bytes.");
    }

    private const char WorstPrintable = '<';

    private const char WorstClientIdChar = 'a';

    private static int CostOf(char c) =>
        (AlertEnvelopeSerializer.Serialize(WorstEnvelope([]) with { DedupKey = new string(c, 10) }).Length
            - AlertEnvelopeSerializer.Serialize(WorstEnvelope([]) with { DedupKey = string.Empty }).Length) / 10;

    private static int LargestInlineBody(int max)
    {
        var length = max;
        while (AlertEnvelopeSerializer.Serialize(WorstEnvelope(new byte[length])).Length > max)
        {
            length -= 3;
        }

        return length;
    }

    private static AlertEnvelope WorstEnvelope(byte[] body)
    {
        var identifier = new string(WorstPrintable, AlertIdentifiers.MaxLength);
        return new AlertEnvelope
        {
            Version = AlertEnvelope.CurrentVersion,
            IngestionId = Guid.NewGuid().ToString("N"),
            ClientId = new string(WorstClientIdChar, MaxClientIdLength),
            ClientIdSource = Longest<global::CodatAlerts.Intake.Authentication.ClientIdSource>(),
            ClaimedClientId = new string(WorstClientIdChar, MaxClientIdLength),
            DedupKey = identifier,
            DedupKeySource = Longest<DedupKeySource>(),
            RuleType = identifier,

            // A qualifier is the part of the rule type before its template, so never longer than the rule type.
            RuleTypeQualifier = identifier,
            RuleTypeKnown = false,
            Shape = Longest<AlertShape>(),
            Delivery = Longest<DeliveryMode>(),
            ReceivedAt = new DateTimeOffset(9999, 12, 31, 9, 59, 59, TimeSpan.FromHours(14)).AddTicks(9_999_999),
            Partition = int.MinValue,
            TraceParent = "00-" + new string('f', 32) + "-" + new string('f', 16) + "-ff",
            TraceState = new string(WorstPrintable, AlertEnvelope.MaxTraceStateLength),
            Body = body,
        };
    }

    private static TEnum Longest<TEnum>()
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().MaxBy(v => Encoding.UTF8.GetByteCount(v.ToString()));
}
