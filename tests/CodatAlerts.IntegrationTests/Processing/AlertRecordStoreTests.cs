using Azure.Storage.Blobs;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests.Processing;

[Collection("Azurite")]
public sealed class AlertRecordStoreTests(AzuriteFixture azurite)
{
    private const string Client = "9a1b7c2e-3f4d-4e5a-8b6c-7d8e9f0a1b2c";

    [Fact]
    public async Task Claim_creates_the_record_with_the_raw_body_and_a_lease()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Claimed, result.Status);
        Assert.False(result.TookOver);
        Assert.Equal(1, result.Claim!.Attempt);
        Assert.Equal(ProcessingHarness.Start + harness.Options.LeaseDuration, result.Claim.LeaseUntil);
        var record = await harness.Records.GetAsync(Client, envelope.DedupKey, default);
        Assert.Equal(new AlertRecordState?(AlertRecordState.Processing), record?.State);
        Assert.Equal("message-1", record!.Owner);
        var blob = harness.Blobs.GetBlobContainerClient(AlertContainers.Records).GetBlobClient(AlertRecordName.For(Client, envelope.DedupKey));
        Assert.Equal(envelope.Body, (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task A_live_claim_held_by_another_message_is_not_taken_over()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        harness.Time.Advance(harness.Options.LeaseDuration - TimeSpan.FromSeconds(1));

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Busy, result.Status);
        Assert.Equal("message-1", result.Existing!.Owner);
    }

    [Fact]
    public async Task A_claim_whose_lease_expired_is_taken_over()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Claimed, result.Status);
        Assert.True(result.TookOver);
        Assert.Equal(2, result.Claim!.Attempt);
        Assert.Equal("message-2", (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.Owner);
    }

    [Fact]
    public async Task A_later_dequeue_of_the_holders_own_message_does_not_take_its_live_claim_because_the_first_invocation_may_still_run()
    {
        // Arrange: the host's hold on the message lapsed while its first invocation ran, and it handed it out again.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 2, default);

        // Assert
        Assert.Equal(ClaimStatus.Busy, result.Status);
        Assert.Equal(1, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.Attempts);
    }

    [Fact]
    public async Task A_renewed_claim_stays_live_past_its_first_lease_and_a_lost_renewal_answer_is_recognised()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var claim = (await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default)).Claim!;
        harness.Time.Advance(harness.Options.LeaseDuration - TimeSpan.FromSeconds(10));
        harness.AnswerFaults.LoseNextMetadataWrite();

        // Act
        var renewed = await harness.Records.RenewAsync(claim, default);
        harness.Time.Advance(TimeSpan.FromSeconds(20));
        var copy = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Assert
        Assert.True(renewed);
        Assert.Equal(1, harness.AnswerFaults.Lost);
        Assert.Equal(ClaimStatus.Busy, copy.Status);
        Assert.True(await harness.Records.CompleteAsync(claim, AlertRecordStore.HandledOutcome, default));
    }

    [Fact]
    public async Task A_takeover_of_a_lapsed_claim_counts_it_as_abandoned_and_a_takeover_of_a_released_one_does_not()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));

        // Act
        var lapsed = (await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default)).Claim!;
        await harness.Records.ReleaseAsync(lapsed, "InvalidOperationException: down", harness.Time.GetUtcNow(), default);
        var released = (await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-3", 1, default)).Claim!;

        // Assert
        Assert.Equal((1, 1), (lapsed.Abandoned, released.Abandoned));
        Assert.Equal(3, released.Attempt);
    }

    [Fact]
    public async Task The_same_dequeue_of_a_message_never_retakes_its_own_live_claim()
    {
        // Arrange: visibility renewal failed, so the host handed the same dequeue to a second invocation.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 3, default);

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 3, default);

        // Assert
        Assert.Equal(ClaimStatus.Busy, result.Status);
        Assert.Equal(1, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.Attempts);
    }

    [Fact]
    public async Task The_lease_is_judged_by_the_storage_services_clock_not_a_skewed_workers()
    {
        // Arrange: a second worker whose own clock runs 20 minutes ahead of the service's, far past the lease.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        var skewed = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(harness.Time.GetUtcNow() + TimeSpan.FromMinutes(20));
        var skewedWorker = new AlertRecordStore(new CodatAlerts.Storage.ProcessingStorage(harness.Queues, harness.Blobs), Microsoft.Extensions.Options.Options.Create(harness.Options), skewed);

        // Act
        var early = await skewedWorker.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        var late = await skewedWorker.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Busy, early.Status);
        Assert.Equal(ClaimStatus.Claimed, late.Status);
    }

    [Fact]
    public async Task A_released_claim_is_taken_by_the_next_copy()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var first = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        await harness.Records.ReleaseAsync(first.Claim!, "InvalidOperationException: down", harness.Time.GetUtcNow(), default);

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Claimed, result.Status);
        Assert.Equal(AlertRecordState.Released, result.Existing!.State);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_copy_after_completion_or_failure_is_a_duplicate(bool completed)
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var first = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        _ = completed
            ? await harness.Records.CompleteAsync(first.Claim!, AlertRecordStore.HandledOutcome, default)
            : await harness.Records.FailAsync(first.Claim!, "unparseable", default);
        harness.Time.Advance(TimeSpan.FromDays(1));

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Duplicate, result.Status);
        Assert.Equal(completed ? AlertRecordState.Completed : AlertRecordState.Failed, result.Existing!.State);
    }

    [Fact]
    public async Task Of_many_concurrent_claims_on_one_alert_exactly_one_wins()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);

        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            harness.Records.ClaimAsync(envelope, envelope.Body!, $"message-{i}", 1, default)));

        // Assert
        Assert.Single(results, r => r.Status == ClaimStatus.Claimed);
        Assert.All(results.Where(r => r.Status != ClaimStatus.Claimed), r => Assert.Equal(ClaimStatus.Busy, r.Status));
    }

    [Fact]
    public async Task A_holder_whose_claim_was_taken_over_cannot_complete_it()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        var stale = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-2", 1, default);

        // Act
        var completed = await harness.Records.CompleteAsync(stale.Claim!, AlertRecordStore.HandledOutcome, default);

        // Assert
        Assert.False(completed);
        Assert.Equal(AlertRecordState.Processing, (await harness.Records.GetAsync(Client, envelope.DedupKey, default))!.State);
    }

    [Fact]
    public async Task Reopening_for_replay_touches_only_failed_records()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var failed = TestAlerts.Envelope(Client);
        var done = TestAlerts.Envelope(Client);
        await harness.Records.FailAsync((await harness.Records.ClaimAsync(failed, failed.Body!, "m1", 1, default)).Claim!, "bad payload", default);
        await harness.Records.CompleteAsync((await harness.Records.ClaimAsync(done, done.Body!, "m2", 1, default)).Claim!, AlertRecordStore.HandledOutcome, default);

        // Act
        var reopenedFailed = await harness.Records.ReopenFailedAsync(Client, failed.DedupKey, default);
        var reopenedDone = await harness.Records.ReopenFailedAsync(Client, done.DedupKey, default);

        // Assert
        Assert.True(reopenedFailed);
        Assert.False(reopenedDone);
        Assert.Equal(AlertRecordState.Released, (await harness.Records.GetAsync(Client, failed.DedupKey, default))!.State);
        Assert.Equal(AlertRecordState.Completed, (await harness.Records.GetAsync(Client, done.DedupKey, default))!.State);
    }

    [Fact]
    public async Task Reopening_for_replay_forgets_the_abandoned_claims_that_poisoned_it_and_the_note_of_its_poison_copy()
    {
        // Arrange: five claims whose workers died, then failed for it.
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        var envelope = TestAlerts.Envelope(Client);
        for (var crash = 0; crash < 5; crash++)
        {
            await harness.Records.ClaimAsync(envelope, envelope.Body!, $"dead-{crash}", 1, default);
            harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        }

        var last = (await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-6", 1, default)).Claim!;
        await harness.Records.FailAsync(last, "stopped 5 times", default);
        await harness.Records.PoisonWrittenAsync(last, default);

        // Act
        await harness.Records.ReopenFailedAsync(Client, envelope.DedupKey, default);
        var replayed = await harness.Records.ClaimAsync(envelope, envelope.Body!, "replayed", 1, default);

        // Assert
        Assert.Equal(5, last.Abandoned);
        Assert.Equal((ClaimStatus.Claimed, 0), (replayed.Status, replayed.Claim!.Abandoned));
    }

    [Fact]
    public async Task The_records_container_is_created_on_first_claim_when_missing()
    {
        // Arrange
        await using var harness = await ProcessingHarness.CreateAsync(azurite);
        await new BlobServiceClient(azurite.ConnectionString).DeleteBlobContainerAsync(AlertContainers.Records);
        var envelope = TestAlerts.Envelope(Client);

        // Act
        var result = await harness.Records.ClaimAsync(envelope, envelope.Body!, "message-1", 1, default);

        // Assert
        Assert.Equal(ClaimStatus.Claimed, result.Status);
    }
}
