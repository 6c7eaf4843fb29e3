using System.Text;
using CodatAlerts.Operations.Background;
using CodatAlerts.Operators;
using CodatAlerts.Processing;
using CodatAlerts.Replay;

namespace CodatAlerts.Tests.Operations;

/// <summary>The bodies of <c>POST /api/operations/rerun</c> and <c>POST /api/poison/replay</c>, and the operation ids.</summary>
public sealed class OperationRequestParsingTests
{
    [Fact]
    public void A_rerun_filter_reads_every_field_and_keeps_times_in_utc()
    {
        var ok = RerunFilter.TryParse(Bytes("""{"clientId":" c1 ","ruleType":"DataSyncCompleted","state":"Failed","companyId":"co","since":"2026-03-02T03:00:00+01:00","until":"2026-03-02T03:00:00Z","dryRun":false}"""), out var filter, out var error);

        Assert.True(ok, error);
        Assert.Equal(("c1", "DataSyncCompleted", AlertRecordState.Failed, "co", false), (filter.ClientId, filter.RuleType, filter.State, filter.CompanyId, filter.DryRun));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), filter.Since);
        Assert.Equal(TimeSpan.Zero, filter.Since.Offset);
        Assert.Equal("2026-03-02T02:00:00Z", filter.Describe()["since"]);
    }

    [Fact]
    public void A_rerun_filter_is_a_dry_run_unless_it_says_otherwise_and_reads_back_from_its_description()
    {
        Assert.True(RerunFilter.TryParse(Bytes("""{"since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z","state":"completed"}"""), out var filter, out _));

        var back = RerunFilter.FromDescription(filter.Describe());

        Assert.True(filter.DryRun);
        Assert.Equal(filter with { DryRun = false }, back);
    }

    [Theory]
    [InlineData("""{"until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"since":"2026-03-02T02:00:00Z"}""")]
    [InlineData("""{"since":"2026-03-02T02:00:00","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"since":"2026-03-02T03:00:00Z","until":"2026-03-02T02:00:00Z"}""")]
    [InlineData("""{"clientId":"","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"clientId":"   ","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"client":"x","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"state":"1","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"state":"completed,failed","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"dryRun":"false","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""{"clientId":7,"since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z"}""")]
    [InlineData("""[]""")]
    [InlineData("""not json""")]
    public void A_rerun_filter_that_would_widen_or_does_not_read_is_refused(string json)
    {
        Assert.False(RerunFilter.TryParse(Bytes(json), out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void A_replay_body_reads_as_the_query_string_does_and_back_from_its_description()
    {
        var ok = ReplayRequest.TryParseJson(Bytes("""{"partition":3,"clientId":"c","ruleType":"r","since":"2026-03-02T02:00:00Z","until":"2026-03-02T03:00:00Z","max":50,"dryRun":false}"""), out var request, out var error);

        Assert.True(ok, error);
        Assert.Equal((3, "c", "r", 50, false), (request.Partition, request.ClientId, request.RuleType, request.Max, request.DryRun));
        Assert.Equal(request, ReplayRequest.FromDescription(request.Describe()));
    }

    [Fact]
    public void An_empty_replay_body_object_is_a_dry_run_of_everything_up_to_an_operations_bound()
    {
        Assert.True(ReplayRequest.TryParseJson(Bytes("{}"), out var request, out _));
        Assert.Equal((null, true, ReplayRequest.MaxLimit), (request.Partition, request.DryRun, request.Max));
    }

    [Theory]
    [InlineData("""{"partition":8}""")]
    [InlineData("""{"partition":-1}""")]
    [InlineData("""{"max":0}""")]
    [InlineData("""{"max":5001}""")]
    [InlineData("""{"clientId":""}""")]
    [InlineData("""{"client":"x"}""")]
    [InlineData("""{"since":"2026-03-02T02:00:00"}""")]
    [InlineData("""{"since":"2026-03-02T03:00:00Z","until":"2026-03-02T02:00:00Z"}""")]
    [InlineData("""{"dryRun":0}""")]
    [InlineData("""not json""")]
    public void A_replay_body_that_would_widen_or_does_not_read_is_refused(string json)
    {
        Assert.False(ReplayRequest.TryParseJson(Bytes(json), out _, out var error));
        Assert.NotEmpty(error);
    }

    [Fact]
    public void An_operation_id_depends_on_the_caller_and_the_key_only()
    {
        var alice = new OperatorIdentity("alice", "oid-a", OperatorRole.Operator, "entra-id");
        var bob = new OperatorIdentity("bob", "oid-b", OperatorRole.Operator, "entra-id");

        var id = OperationIds.For(alice, "k");

        Assert.Equal(id, OperationIds.For(alice with { Name = "Alice renamed" }, "k"));
        Assert.NotEqual(id, OperationIds.For(bob, "k"));
        Assert.NotEqual(id, OperationIds.For(alice, "k2"));
        Assert.True(OperationIds.IsWellFormed(id));
        Assert.False(OperationIds.IsWellFormed("../" + id[3..]));
        Assert.False(OperationIds.IsWellFormed(id.ToUpperInvariant()));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
